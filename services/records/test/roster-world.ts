import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventPayload,
  EventTypes,
  newEvent,
  newTypedEvent,
  PlatformEventRef,
  PreviousEventTypes,
  StudentEnrolledV1,
} from '@qn/contracts';
import { ServiceWorld } from '@qn/testing';

import { generateDemoPki, writeDemoPki } from '../demo/demo-pki';

export const SCHOOL_YEAR = '2025-2026';

/** A dead letter as a test sees it. */
export interface DeadLetterSeen {
  id?: string;
  reason: string;
  group: string;
  /** `x-dlq-redacted`. */
  redacted: string;
  /** The value as written (a redacted one has no `data`). */
  value: string;
  /** Every header value, one a line. */
  headers: string;
}
type Data<R extends PlatformEventRef> = EventPayload<R>;

/**
 * The records service as its own process on a test database and topic prefix. Enrollment (and
 * the registry, for the org tree) are played by Kafka producers with their own principals,
 * publishing the contracts' envelopes to the topics and keys the catalogue routes them to.
 */
export class RosterWorld extends ServiceWorld {
  constructor() {
    super('records');
  }

  /** Sends a value the catalogue would refuse, as enrollment, to one of its topics. */
  override async publishRaw(
    topic: string,
    key: string,
    value: string,
    principal = 'enrollment',
  ): Promise<void> {
    await super.publishRaw(topic, key, value, principal);
  }

  /** Everything that reaches a topic's dead-letter topic from now on: the event id (if readable) and the reason. */
  async watchDeadLetters(
    topic: string,
  ): Promise<Array<{ id?: string; reason: string; group: string }>> {
    const seen: Array<{ id?: string; reason: string; group: string }> = [];
    await this.watchDlq(topic, ({ id, reason, group }) => seen.push({ id, reason, group }));
    return seen;
  }

  /** The same with what a reader of the dead letters sees: the value and every header as written. */
  async watchDeadLetterCopies(topic: string): Promise<DeadLetterSeen[]> {
    const seen: DeadLetterSeen[] = [];
    await this.watchDlq(topic, (d) => seen.push(d));
    return seen;
  }

  private async watchDlq(topic: string, add: (d: DeadLetterSeen) => void): Promise<void> {
    await this.consume(`${topic}.dlq`, (message) => {
      let id: string | undefined;
      try {
        id = (JSON.parse(message.value?.toString() ?? '') as { id?: string }).id;
      } catch {
        id = undefined;
      }
      add({
        id,
        reason: message.headers?.['x-dlq-reason']?.toString() ?? '',
        group: message.headers?.['x-consumer-group']?.toString() ?? '',
        redacted: message.headers?.['x-dlq-redacted']?.toString() ?? '',
        value: message.value?.toString() ?? '',
        headers: Object.values(message.headers ?? {})
          .map((h) => h?.toString() ?? '')
          .join('\n'),
      });
    });
  }

  /**
   * The settings of a service that signs with the demo CA: a demo PKI generated into a folder of
   * its own (removed by `stop`), and the local sector database beside it.
   */
  async demoSigning(): Promise<Record<string, string>> {
    const dir = mkdtempSync(join(tmpdir(), 'records-pki-'));
    this.onStop(() => rmSync(dir, { recursive: true, force: true }));
    await writeDemoPki(await generateDemoPki(), dir);
    return {
      RECORDS_SIGNER: 'demo-ca',
      RECORDS_DEMO_PKI_DIR: dir,
      SECTOR_DATABASE_DIR: join(dir, 'sector'),
    };
  }

  /** Enrollment's identity of a learner (what a học bạ prints at its head). */
  identity(
    d: Partial<Data<typeof EventTypes.learnerIdentityRecorded>> & {
      studentId: string;
      schoolId: string;
      fullName: string;
    },
  ) {
    const { schoolId, ...data } = d;
    return newTypedEvent(EventTypes.learnerIdentityRecorded, {
      source: 'enrollment',
      subjectId: d.studentId,
      orgUnitId: schoolId,
      data: {
        dateOfBirth: '2011-04-09',
        gender: 'female',
        ethnicity: 'Kinh',
        personalIdLast4: '7788',
        recordedAt: '2025-08-01T02:00:00.000Z',
        ...data,
      },
    });
  }

  private enrollment(subjectId: string, schoolId: string) {
    return { source: 'enrollment', subjectId, orgUnitId: schoolId };
  }

  classFormed(
    d: Partial<Data<typeof EventTypes.classFormed>> & { classId: string; schoolId: string },
  ) {
    return newTypedEvent(EventTypes.classFormed, {
      ...this.enrollment(d.classId, d.schoolId),
      data: {
        schoolYear: SCHOOL_YEAR,
        grade: 6,
        name: '6A1',
        homeroomTeacherId: null,
        revision: 1,
        changedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  staff(
    d: Partial<Data<typeof EventTypes.staffMemberChanged>> & { staffId: string; schoolId: string },
  ) {
    return newTypedEvent(EventTypes.staffMemberChanged, {
      ...this.enrollment(d.staffId, d.schoolId),
      data: {
        role: 'teacher',
        accountSubject: null,
        active: true,
        revision: 1,
        changedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  assigned(
    d: Partial<Data<typeof EventTypes.teachingAssigned>> & {
      classId: string;
      schoolId: string;
      staffId: string;
    },
  ) {
    return newTypedEvent(EventTypes.teachingAssigned, {
      ...this.enrollment(d.classId, d.schoolId),
      data: {
        schoolYear: SCHOOL_YEAR,
        subjectCode: 'TOAN',
        assignedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  enrolled(
    d: Partial<Data<typeof EventTypes.studentEnrolled>> & { studentId: string; schoolId: string },
  ) {
    return newTypedEvent(EventTypes.studentEnrolled, {
      ...this.enrollment(d.studentId, d.schoolId),
      data: {
        grade: 6,
        classId: null,
        className: null,
        schoolYear: SCHOOL_YEAR,
        segment: 'urban',
        reason: 'roster',
        enrolledOn: '2025-09-05',
        ...d,
      },
    });
  }

  /** A `student.enrolled` v1, as still on the topic from before v2. */
  enrolledV1(d: Partial<StudentEnrolledV1> & { studentId: string; schoolId: string }) {
    return newEvent<StudentEnrolledV1>({
      ...PreviousEventTypes.studentEnrolledV1,
      ...this.enrollment(d.studentId, d.schoolId),
      data: {
        grade: 6,
        className: null,
        schoolYear: SCHOOL_YEAR,
        segment: 'urban',
        reason: 'admission',
        enrolledOn: '2025-09-05',
        ...d,
      },
    });
  }

  placed(
    d: Partial<Data<typeof EventTypes.studentPlaced>> & {
      studentId: string;
      schoolId: string;
      classId: string;
    },
  ) {
    return newTypedEvent(EventTypes.studentPlaced, {
      ...this.enrollment(d.studentId, d.schoolId),
      data: { schoolYear: SCHOOL_YEAR, grade: 6, placedAt: new Date().toISOString(), ...d },
    });
  }

  left(d: Partial<Data<typeof EventTypes.studentLeft>> & { studentId: string; schoolId: string }) {
    return newTypedEvent(EventTypes.studentLeft, {
      ...this.enrollment(d.studentId, d.schoolId),
      data: {
        schoolYear: SCHOOL_YEAR,
        grade: 6,
        reason: 'moved-away',
        leftOn: '2025-11-16',
        recordedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  transferred(
    d: Partial<Data<typeof EventTypes.transferCompleted>> & {
      studentId: string;
      fromSchoolId: string;
      toSchoolId: string;
    },
  ) {
    return newTypedEvent(EventTypes.transferCompleted, {
      ...this.enrollment(d.studentId, d.toSchoolId),
      data: {
        transferId: randomUUID(),
        grade: 6,
        schoolYear: SCHOOL_YEAR,
        effectiveDate: '2025-12-01',
        completedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  yearClosed(
    d: Partial<Data<typeof EventTypes.studentYearClosed>> & { studentId: string; schoolId: string },
  ) {
    return newTypedEvent(EventTypes.studentYearClosed, {
      ...this.enrollment(d.studentId, d.schoolId),
      data: {
        schoolYear: SCHOOL_YEAR,
        grade: 6,
        outcome: 'promoted',
        closedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  guardianLinked(studentId: string, guardianSubject: string) {
    return newTypedEvent(EventTypes.guardianLinked, {
      source: 'enrollment',
      subjectId: studentId,
      data: { studentId, guardianSubject, basis: 'import', linkedAt: new Date().toISOString() },
    });
  }

  graduationListed(schoolId: string, studentIds: string[]) {
    return newTypedEvent(EventTypes.graduationCandidatesListed, {
      ...this.enrollment(schoolId, schoolId),
      data: {
        schoolId,
        schoolYear: SCHOOL_YEAR,
        level: 'lower-secondary',
        studentIds,
        listedAt: new Date().toISOString(),
      },
    });
  }
}
