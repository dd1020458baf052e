import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes, newTypedEvent, type GraduationEligibilityAssessedV1 } from '@qn/contracts';
import { ServiceWorld } from '@qn/testing';

export const SCHOOL_YEAR = '2025-2026';

/**
 * The credentials service as its own process (the shared ServiceWorld), signing with keys made
 * into a folder of its own on first use; enrollment's identities and records' graduation
 * assessments are published as those services would.
 */
export class CredentialsWorld extends ServiceWorld {
  readonly publicUrl = 'https://vanbang.quangninh.example';
  keysDir = '';

  constructor() {
    super('credentials');
  }

  override async start(env: Record<string, string> = {}): Promise<void> {
    const keys = mkdtempSync(join(tmpdir(), 'qn-credentials-keys-'));
    this.keysDir = keys;
    this.onStop(() => rmSync(keys, { recursive: true, force: true }));
    await super.start({
      CREDENTIALS_PUBLIC_URL: this.publicUrl,
      CREDENTIALS_SIGNER: 'local-keys',
      CREDENTIALS_KEYS_DIR: keys,
      CREDENTIALS_KEYS_GENERATE: 'true',
      ...env,
    });
  }

  identity(studentId: string, schoolId: string, fullName: string, dateOfBirth = '2011-04-09') {
    return newTypedEvent(EventTypes.learnerIdentityRecorded, {
      source: 'enrollment',
      subjectId: studentId,
      orgUnitId: schoolId,
      data: {
        studentId,
        fullName,
        dateOfBirth,
        gender: 'female',
        ethnicity: 'Kinh',
        personalIdLast4: '7788',
        recordedAt: '2025-08-01T02:00:00.000Z',
      },
    });
  }

  eligibility(
    d: Pick<GraduationEligibilityAssessedV1, 'studentId' | 'schoolId' | 'level' | 'outcome'> &
      Partial<GraduationEligibilityAssessedV1>,
  ) {
    return newTypedEvent(EventTypes.graduationEligibilityAssessed, {
      source: 'records',
      subjectId: d.studentId,
      orgUnitId: d.schoolId,
      data: {
        schoolYear: SCHOOL_YEAR,
        reason: null,
        recordId: `${d.schoolId}/${d.studentId}/${SCHOOL_YEAR}`,
        recordVersion: 1,
        recordHash: 'ab'.repeat(32),
        assessedAt: '2026-05-31T10:00:00.000Z',
        ...d,
      },
    });
  }
}
