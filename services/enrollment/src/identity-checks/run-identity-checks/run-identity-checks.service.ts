import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EventTypes,
  IdentityCheckResult,
  newEvent,
  StaffIdentityCheckedV1,
  StudentIdentityCheckedV1,
  Unavailable,
} from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { schoolOrFail } from '../../shared/schools';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { DataSource } from 'typeorm';
import type { EnrollmentConfig } from '../../config';
import { PersonalDataGuard } from '../../shared/personal-data';
import {
  IDENTITY_VERIFIER,
  IdentityQuery,
  IdentityServiceUnavailable,
  IdentityVerifier,
} from '../../shared/ports/identity-verifier';
import {
  chunks,
  countResults,
  IdentityCounts,
  isDue,
  parseRef,
  queryRef,
} from '../domain/identity-check-plan';
import { CheckCandidate, IdentityCheckRepository } from '../identity-check.repository';

export interface IdentityCheckRun {
  schoolId: string;
  provider: string;
  checkedAt: string;
  /** Results of this run, by who. */
  learners: Omit<IdentityCounts, 'unchecked'>;
  staff: Omit<IdentityCounts, 'unchecked'>;
  /** On the roster and due, but without a personal id to check (none recorded). */
  skipped: number;
}

/**
 * Checks the identity of a school's learners and staff against the population register: everyone
 * due (see `isDue`), in batches of the register's size; each batch's results are stored and
 * announced (`enrollment.student.identity-checked`, `enrollment.staff-member.identity-checked`,
 * through the outbox) in one transaction. If the register fails midway, the batches answered
 * so far stay and the call answers 503; running it again continues with who is still due.
 */
@Injectable()
export class RunIdentityChecksService {
  private readonly logger = new Logger('RunIdentityChecks');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(IDENTITY_VERIFIER) private readonly verifier: IdentityVerifier,
    @Inject(SERVICE_CONFIG) private readonly config: EnrollmentConfig,
    private readonly repository: IdentityCheckRepository,
    private readonly personalData: PersonalDataGuard,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  async run(schoolId: string): Promise<IdentityCheckRun> {
    await schoolOrFail(this.directory, schoolId);
    const now = new Date();
    const due = (await this.repository.candidates(schoolId)).filter((p) =>
      isDue(p, now, this.config.IDENTITY_RECHECK_DAYS),
    );
    const byRef = new Map<string, CheckCandidate>();
    const queries: IdentityQuery[] = [];
    let skipped = 0;
    for (const p of due) {
      const personalId = this.personalIdOf(p);
      if (personalId === null) {
        skipped++;
        continue;
      }
      const ref = queryRef(p.kind, p.id);
      byRef.set(ref, p);
      queries.push({
        ref,
        personalId,
        fullName: p.fullName.normalize('NFC'),
        dateOfBirth: p.dateOfBirth,
      });
    }
    const stored: Array<{ kind: 'student' | 'staff'; result: IdentityCheckResult }> = [];
    for (const batch of chunks(queries, this.verifier.maxBatch)) {
      let answers;
      try {
        answers = await this.verifier.verify(batch);
      } catch (err) {
        if (!(err instanceof IdentityServiceUnavailable)) throw err;
        this.logger.warn(
          `identity register unavailable after ${stored.length} of ${queries.length} checks`,
        );
        throw new Unavailable(
          'identity-register-unavailable',
          'The identity register cannot be reached',
          `${stored.length} of ${queries.length} identities were checked and kept; run the checks again later to continue`,
          { checked: stored.length, due: queries.length },
        );
      }
      const checkedAt = new Date();
      await this.ds.transaction(async (tx) => {
        const events = [];
        for (const a of answers) {
          const p = byRef.get(a.ref);
          if (!p || parseRef(a.ref).id !== p.id) continue;
          if (!(await this.repository.store(tx, p, a.result, checkedAt))) continue;
          stored.push({ kind: p.kind, result: a.result });
          events.push(identityCheckedEvent(p, schoolId, a.result, checkedAt));
        }
        await this.messaging.outbox.enqueue(tx, events);
      });
    }
    const counts = (kind: 'student' | 'staff') => {
      const { unchecked: _u, ...c } = countResults(
        stored.filter((s) => s.kind === kind).map((s) => s.result),
      );
      return c;
    };
    return {
      schoolId,
      provider: this.verifier.provider,
      checkedAt: now.toISOString(),
      learners: counts('student'),
      staff: counts('staff'),
      skipped,
    };
  }

  /** The person's personal id, unsealed in memory only; null when none is recorded or readable. */
  private personalIdOf(p: CheckCandidate): string | null {
    if (!p.sealed || !p.sealingContext) return null;
    try {
      return this.personalData.unseal(p.sealed, p.sealingContext);
    } catch {
      this.logger.warn(`a sealed personal id of ${p.kind} ${p.id} cannot be read`);
      return null;
    }
  }
}

function identityCheckedEvent(
  { kind, id, role }: CheckCandidate,
  schoolId: string,
  result: IdentityCheckResult,
  at: Date,
) {
  const common = { source: 'enrollment', subjectId: id, orgUnitId: schoolId, occurredAt: at };
  return kind === 'student'
    ? newEvent<StudentIdentityCheckedV1>({
        ...EventTypes.studentIdentityChecked,
        ...common,
        data: { studentId: id, schoolId, result, checkedAt: at.toISOString() },
      })
    : newEvent<StaffIdentityCheckedV1>({
        ...EventTypes.staffIdentityChecked,
        ...common,
        data: { staffId: id, schoolId, role: role!, result, checkedAt: at.toISOString() },
      });
}
