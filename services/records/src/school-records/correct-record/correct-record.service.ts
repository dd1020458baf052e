import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, EventEnvelope, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import {
  schoolRecordBody,
  type SchoolRecordInput,
} from '../../shared/school-record/school-record-document';
import { canonicalJson, recordHash } from '../../shared/signing/domain/canonical';
import { correctionOf } from '../../shared/signing/domain/record';
import {
  correctedInput,
  correctedPrimaryInput,
  type PrimaryRecordCorrection,
  type RecordCorrection,
} from '../domain/correction';
import {
  primarySchoolRecordBody,
  type PrimarySchoolRecordInput,
} from '../../shared/school-record/primary-school-record-document';
import { vietnamDate } from '../domain/year-record';
import { graduationEvent, recordCorrectedEvent } from '../record-events';
import { RecordIssuer } from '../record-issuer';
import { pickVersion, signedVersionOf } from '../record-versions';
import { SchoolRecordsRepository, type StoredVersion } from '../school-records.repository';

/**
 * A correction (đính chính) of a signed học bạ: the next version, built from the signed one's
 * input with the changes, signed anew by the class's homeroom teacher, the principal and the
 * seal; the earlier versions stay as they were and stay readable.
 */
@Injectable()
export class CorrectRecordService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: SchoolRecordsRepository,
    private readonly issuer: RecordIssuer,
    private readonly messaging: MessagingService,
  ) {}

  async correct(
    studentId: string,
    schoolYear: string,
    change: RecordCorrection & PrimaryRecordCorrection,
    principal: Principal,
  ) {
    const { latest } = pickVersion(await this.records.versionsOf(studentId), schoolYear);
    const me = await this.records.principalIdOf(principal.subject, latest.schoolId);
    if (!me)
      throw new OutOfScope(
        'not-the-principal',
        'Only the principal of the record’s school corrects it',
        'the account is not the active principal of that school',
      );
    // Grades 1-5: Circular 27's học bạ; 6-12: Circular 22's.
    const primary = latest.grade <= 5;
    const corrected = primary
      ? correctedPrimaryInput(latest.input as PrimarySchoolRecordInput, change)
      : correctedInput(latest.input as SchoolRecordInput, change);
    if (!corrected.ok)
      throw new RuleViolation('invalid-correction', 'The correction is not valid', undefined, {
        errors: corrected.problems,
      });
    const homeroom = await this.records.homeroomOf(latest.classId);
    if (!homeroom)
      throw new Conflict(
        'class-has-no-homeroom-teacher',
        'The record’s class has no homeroom teacher',
      );
    const previous = signedVersionOf(latest);
    const school = previous.document.body.school as { name: string };
    const at = new Date();
    const who = await this.issuer.signatories({
      schoolId: latest.schoolId,
      schoolName: school.name,
      className: latest.input.className,
      homeroomStaffId: homeroom,
      principalStaffId: me,
    });
    const input = {
      ...corrected.input,
      signing: {
        ...corrected.input.signing,
        date: vietnamDate(at),
        homeroomTeacher: who.names.homeroomTeacher,
        principal: who.names.principal,
      },
    };
    const body = primary
      ? primarySchoolRecordBody(input as PrimarySchoolRecordInput)
      : schoolRecordBody(input as SchoolRecordInput);
    const unchanged = { ...body, signatures: null };
    if (canonicalJson(unchanged) === canonicalJson({ ...previous.document.body, signatures: null }))
      throw new RuleViolation(
        'correction-changes-nothing',
        'The correction changes nothing',
        undefined,
        {
          errors: [{ field: 'reason', message: 'the record already says this' }],
        },
      );
    const document = correctionOf(
      previous.document,
      latest.recordHash,
      body,
      change.reason.normalize('NFC').trim(),
    );
    const version: StoredVersion = {
      ...latest,
      version: latest.version + 1,
      recordHash: recordHash(document),
      jws: await this.issuer.sign(document, who),
      input,
      reason: document.previous!.reason,
      signedBy: me,
      signedAt: at,
    };
    await this.ds.transaction(async (tx) => {
      // The primary key (record, version) refuses a second correction of the same version.
      const now = await this.records.latestForUpdate(tx, latest.recordId);
      if (now?.version !== latest.version)
        throw new Conflict('record-changed', 'The record was corrected meanwhile', 'read it again');
      await this.records.insertVersions(tx, [version]);
      const events: EventEnvelope[] = [recordCorrectedEvent(version, latest)];
      const g = graduationEvent(version);
      if (g) events.push(g);
      await this.messaging.outbox.enqueue(tx, events);
    });
    return {
      recordId: version.recordId,
      version: version.version,
      previousVersion: latest.version,
      recordHash: version.recordHash,
      signedAt: at,
    };
  }
}
