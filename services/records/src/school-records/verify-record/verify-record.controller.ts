import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { InvalidInput, NotFound } from '@qn/contracts';
import { Public } from '@qn/auth';
import type { VerificationReport } from '../../shared/signing/domain/verify-record';
import { RecordIssuer } from '../record-issuer';
import { signedVersionOf } from '../record-versions';
import { VersionPipe } from '../school-record-params';
import { SchoolRecordsRepository } from '../school-records.repository';
import { SignedVersionDto, VerifyRecordDto } from './verify-record.dto';

const RECORD_ID = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\/\d{4}-\d{4}$/;
const HASH = /^[0-9a-f]{64}$/;

/** What a verifier is shown: the checks and who signed, never the record's content. */
const publicReport = (r: VerificationReport) => ({
  recordId: r.recordId,
  version: r.version,
  recordHash: r.recordHash,
  checks: r.checks,
  failures: r.failures,
  signatures: r.signatures,
});

/** What makes a presented version readable at all (the checks then say whether it is good). */
function versionProblems(v: VerifyRecordDto | SignedVersionDto, at: string) {
  const d = v.document as unknown as Record<string, unknown>;
  const previous = d.previous as Record<string, unknown> | null | undefined;
  const jws = v.jws as unknown as Record<string, unknown>;
  return [
    ...(typeof d.recordId === 'string' && typeof d.schoolId === 'string'
      ? []
      : [{ field: `${at}document`, message: 'is not a học bạ version (no recordId or schoolId)' }]),
    ...(Number.isInteger(d.version) && (d.version as number) >= 1
      ? []
      : [{ field: `${at}document.version`, message: 'must be a whole number from 1' }]),
    ...(previous === null ||
    (typeof previous === 'object' && previous !== undefined && Number.isInteger(previous.version))
      ? []
      : [
          { field: `${at}document.previous`, message: 'must be null or { version, hash, reason }' },
        ]),
    ...(typeof d.body === 'object' && d.body !== null && !Array.isArray(d.body)
      ? []
      : [{ field: `${at}document.body`, message: 'must be an object' }]),
    ...(typeof jws.payload === 'string' && Array.isArray(jws.signatures)
      ? []
      : [
          {
            field: `${at}jws`,
            message: 'must be a General JSON Serialization: { payload, signatures }',
          },
        ]),
  ];
}

@ApiTags('verification')
@Controller('verification/records')
export class VerifyRecordController {
  constructor(
    private readonly records: SchoolRecordsRepository,
    private readonly issuer: RecordIssuer,
  ) {}

  /**
   * Where a printed học bạ's QR code leads (public): is this version of this record, with this
   * hash, signed as it should be, and is it the latest? Answers the checks, who signed and when,
   * and `superseded` when a correction followed; never the marks or the learner's details.
   */
  @Get()
  @Public()
  @ApiQuery({ name: 'record', description: '<schoolId>/<studentId>/<schoolYear>' })
  @ApiQuery({ name: 'version' })
  @ApiQuery({ name: 'hash', description: 'SHA-256 (hex) printed with the record' })
  async check(
    @Query('record') record: string,
    @Query('version', VersionPipe) version: number | undefined,
    @Query('hash') hash: string,
  ) {
    const errors = [
      ...(RECORD_ID.test(record ?? '')
        ? []
        : [{ field: 'record', message: 'must be <schoolId>/<studentId>/<schoolYear>' }]),
      ...(version === undefined ? [{ field: 'version', message: 'is required' }] : []),
      ...(HASH.test(hash ?? '') ? [] : [{ field: 'hash', message: 'must be 64 hex digits' }]),
    ];
    if (errors.length) throw new InvalidInput(errors);
    const versions = await this.records.history(record);
    const chosen = versions.find((v) => v.version === version);
    if (!chosen) throw new NotFound('record-unknown', 'No such record version');
    const report = await this.issuer.verify(
      signedVersionOf(chosen),
      versions.filter((v) => v.version < chosen.version).map(signedVersionOf),
    );
    const hashMatches = chosen.recordHash === hash;
    const latest = versions[versions.length - 1];
    return {
      valid: report.valid && hashMatches,
      hashMatches,
      latestVersion: latest.version,
      superseded: latest.version > chosen.version,
      ...publicReport(report),
    };
  }

  /**
   * Verifies a copy the holder presents (public): the document and its JWS as the records
   * service gave them, with the earlier versions for a correction. Every check runs; a tampered
   * copy fails `payload` and names the first field that differs.
   */
  @Post()
  @Public()
  @HttpCode(200)
  async verify(@Body() body: VerifyRecordDto) {
    const errors = [body, ...(body.history ?? [])].flatMap((v, i) =>
      versionProblems(v, i === 0 ? '' : `history[${i - 1}].`),
    );
    if (errors.length) throw new InvalidInput(errors);
    const report = await this.issuer.verify(
      { document: body.document, jws: body.jws },
      (body.history ?? []).map((h) => ({ document: h.document, jws: h.jws })),
    );
    return { valid: report.valid, ...publicReport(report) };
  }
}
