import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { READ_LEARNER_RECORDS } from '../../shared/access/reaches';
import { RecordIssuer } from '../record-issuer';
import { pickVersion, signedVersionOf, versionSummary } from '../record-versions';
import { SchoolYearPipe, VersionPipe } from '../school-record-params';
import { SchoolRecordsRepository, StoredVersion } from '../school-records.repository';
import { LearnerRecordsDoc } from './learner-records.doc';

@ApiTags('school-records')
@ApiBearerAuth()
@Controller('learners/:studentId/records')
export class ReadRecordsController {
  constructor(
    private readonly records: SchoolRecordsRepository,
    private readonly issuer: RecordIssuer,
  ) {}

  /**
   * The learner's signed học bạ, school year by school year, with their versions (hash, when,
   * why corrected); no marks. For the learner's guardians, the schools the learner was at (the
   * receiving school after a transfer), their communes and the department; access-logged.
   */
  @Get()
  @Policy(READ_LEARNER_RECORDS)
  @ApiOkResponse({ type: LearnerRecordsDoc })
  async list(
    @Param('studentId', new ParseUUIDPipe()) studentId: string,
  ): Promise<LearnerRecordsDoc> {
    const all = await this.records.versionsOf(studentId);
    const byRecord = new Map<string, typeof all>();
    for (const v of all) byRecord.set(v.recordId, [...(byRecord.get(v.recordId) ?? []), v]);
    return {
      studentId,
      records: [...byRecord.values()].map((versions) => ({
        recordId: versions[0].recordId,
        schoolId: versions[0].schoolId,
        // The school's name as signed (the families' page shows it; the id means nothing to them).
        schoolName: schoolNameOf(versions[versions.length - 1]),
        schoolYear: versions[0].schoolYear,
        grade: versions[0].grade,
        classId: versions[0].classId,
        versions: versions
          .sort((a, b) => a.version - b.version)
          .map((v) => ({ ...versionSummary(v), signedAt: v.signedAt.toISOString() })),
      })),
    };
  }

  /**
   * One school year's học bạ: the signed document (the JWS's payload), its JWS, the versions
   * before it and the verification of the signatures and history now. `?version=` for an
   * earlier version (the latest by default). Access-logged.
   */
  @Get(':schoolYear')
  @Policy(READ_LEARNER_RECORDS)
  @ApiQuery({ name: 'version', required: false })
  async read(
    @Param('studentId', new ParseUUIDPipe()) studentId: string,
    @Param('schoolYear', SchoolYearPipe) schoolYear: string,
    @Query('version', VersionPipe) version?: number,
  ) {
    const { chosen, history, latest } = pickVersion(
      await this.records.versionsOf(studentId),
      schoolYear,
      version,
    );
    const signed = signedVersionOf(chosen);
    const report = await this.issuer.verify(signed, history.map(signedVersionOf));
    return {
      recordId: chosen.recordId,
      version: chosen.version,
      latestVersion: latest.version,
      recordHash: chosen.recordHash,
      signedAt: chosen.signedAt,
      reason: chosen.reason,
      document: signed.document,
      jws: chosen.jws,
      history: history.map(versionSummary),
      verification: {
        valid: report.valid,
        failures: report.failures,
        signatures: report.signatures,
      },
    };
  }
}

function schoolNameOf(v: StoredVersion): string {
  const school = signedVersionOf(v).document.body.school as { name?: unknown } | undefined;
  return typeof school?.name === 'string' ? school.name : '';
}
