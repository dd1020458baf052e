import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Conflict,
  EventTypes,
  newTypedEvent,
  OutOfScope,
  RuleViolation,
  type EventEnvelope,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { GradebookRepository } from '../../gradebook/gradebook.repository';
import type { Grade } from '../../gradebook/domain/level-rules';
import { graduationEvent, recordSignedEvent } from '../../school-records/record-events';
import { RecordIssuer } from '../../school-records/record-issuer';
import {
  SchoolRecordsRepository,
  type StoredVersion,
} from '../../school-records/school-records.repository';
import {
  primaryYearRecordInput,
  vietnamDate,
  yearRecordInput,
} from '../../school-records/domain/year-record';
import {
  buildPrimarySchoolRecord,
  type PrimarySchoolRecordInput,
} from '../../shared/school-record/primary-school-record-document';
import {
  buildSchoolRecord,
  type SchoolRecordInput,
} from '../../shared/school-record/school-record-document';
import { recordHash } from '../../shared/signing/domain/canonical';
import { SectorExportRepository } from '../../sector-export/sector-export.repository';
import { knownClass } from '../../gradebook/formed-class';
import { TermCloseRepository } from '../term-close.repository';

/**
 * Term close, step three: the school's principal signs the class's term (khoá sổ). At the end of
 * the school year (term 2) that is when every learner's học bạ is built from the confirmed marks
 * and conduct (grades 6-12, Circular 22) or the end-of-year assessments and qualities (grades 1-5,
 * Circular 27) and signed by the homeroom teacher, the principal and the school seal; all of the
 * class's records are stored in one transaction, or none.
 */
@Injectable()
export class SignClassTermService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: TermCloseRepository,
    private readonly gradebook: GradebookRepository,
    private readonly records: SchoolRecordsRepository,
    private readonly issuer: RecordIssuer,
    private readonly messaging: MessagingService,
    private readonly sectorExport: SectorExportRepository,
  ) {}

  async sign(classId: string, term: number, principal: Principal) {
    const klass = await knownClass((id) => this.repo.findClass(id), classId);
    const me = await this.records.principalIdOf(principal.subject, klass.schoolId);
    if (!me)
      throw new OutOfScope(
        'not-the-principal',
        'Only the school’s principal signs a class’s term',
        'the account is not the active principal of the class’s school',
      );
    const state = await this.repo.classTerm(classId, term);
    if (!state)
      throw new Conflict(
        'class-term-not-confirmed',
        'The homeroom teacher has not confirmed the class’s term',
      );
    if (state.status === 'signed')
      throw new Conflict('class-term-signed', 'The class’s term is already signed');
    const grade = klass.grade as Grade;
    const learners = [
      ...(await this.gradebook.learnersInClass(this.ds.manager, classId, klass.schoolYear)),
    ].sort();
    const at = new Date();
    const versions = term === 2 ? await this.yearRecords(klass, grade, me, learners, at) : [];

    return this.ds.transaction(async (tx) => {
      if (!(await this.repo.signClass(tx, classId, term, principal.subject, at)))
        throw new Conflict('class-term-signed', 'The class’s term is already signed');
      await this.records.insertVersions(tx, versions);
      // The term's results go to the sector database: queued with the signing, sent later.
      await this.sectorExport.queue(tx, { ...klass, classId, term, grade }, at);
      const events: EventEnvelope[] = [];
      for (const v of versions) {
        events.push(recordSignedEvent(v));
        const g = graduationEvent(v);
        if (g) events.push(g);
      }
      events.push(
        newTypedEvent(EventTypes.classTermClosed, {
          source: 'records',
          subjectId: classId,
          orgUnitId: klass.schoolId,
          occurredAt: at,
          data: {
            classId,
            schoolId: klass.schoolId,
            schoolYear: klass.schoolYear,
            grade,
            term,
            principalStaffId: me,
            learners: learners.length,
            recordsSigned: versions.length,
            closedAt: at.toISOString(),
          },
        }),
      );
      await this.messaging.outbox.enqueue(tx, events);
      return {
        classId,
        term,
        schoolYear: klass.schoolYear,
        status: 'signed' as const,
        learners: learners.length,
        recordsSigned: versions.length,
        signedAt: at,
      };
    });
  }

  /** Every learner's học bạ of the year, built and signed (outside any transaction: signing may wait on people). */
  private async yearRecords(
    klass: {
      classId: string;
      schoolId: string;
      schoolYear: string;
      homeroomStaffId: string | null;
    },
    grade: Grade,
    principalStaffId: string,
    learners: string[],
    at: Date,
  ): Promise<StoredVersion[]> {
    if (!klass.homeroomStaffId)
      throw new Conflict('class-has-no-homeroom-teacher', 'The class has no homeroom teacher');
    const school = await this.records.schoolPlace(klass.schoolId, at);
    if (!school)
      throw new Conflict(
        'school-unknown',
        'The school is not in the org tree yet',
        'records has not received the registry’s unit for this school',
      );
    const className = (await this.records.className(klass.classId)) ?? '';
    const who = await this.issuer.signatories({
      schoolId: klass.schoolId,
      schoolName: school.name,
      className,
      homeroomStaffId: klass.homeroomStaffId,
      principalStaffId,
    });
    const ctx = {
      school: { id: klass.schoolId, name: school.name, province: school.province },
      schoolYear: klass.schoolYear,
      grade,
      className,
      signing: {
        place: school.place,
        date: vietnamDate(at),
        homeroomTeacher: who.names.homeroomTeacher,
        principal: who.names.principal,
      },
    };
    // Grades 1-5: the Circular 27 học bạ; 6-12: Circular 22's.
    const primary = grade <= 5;
    const built = primary
      ? (
          await this.records.primaryLearnerYears(
            this.ds.manager,
            klass.schoolId,
            klass.schoolYear,
            learners,
          )
        ).map((y) => primaryYearRecordInput(ctx, y))
      : (
          await this.records.learnerYears(
            this.ds.manager,
            klass.schoolId,
            klass.schoolYear,
            learners,
          )
        ).map((y) => yearRecordInput(ctx, y));
    const missing = built.flatMap((b) => (b.ok ? [] : b.missing));
    if (missing.length)
      throw new RuleViolation(
        'records-incomplete',
        'Some learners’ records cannot be built yet',
        `${missing.length} missing part(s)`,
        { errors: missing },
      );
    const versions: StoredVersion[] = [];
    for (const b of built) {
      if (!b.ok) continue;
      const document = primary
        ? buildPrimarySchoolRecord(b.input as PrimarySchoolRecordInput)
        : buildSchoolRecord(b.input as SchoolRecordInput);
      versions.push({
        recordId: document.recordId,
        version: 1,
        studentId: document.learnerId,
        schoolId: klass.schoolId,
        schoolYear: klass.schoolYear,
        classId: klass.classId,
        grade,
        recordHash: recordHash(document),
        jws: await this.issuer.sign(document, who),
        input: b.input,
        reason: null,
        signedBy: principalStaffId,
        signedAt: at,
      });
    }
    return versions;
  }
}
