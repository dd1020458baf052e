import {
  Controller,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { RecordsConfig } from '../../config';
import { READ_LEARNER_RECORDS } from '../../shared/access/reaches';
import { CmsPdfSigner } from '@qn/document-signing';
import { renderRecordPdf, verificationUrl } from '../../shared/rendition/record-pdf';
import { RecordIssuer } from '../record-issuer';
import { pickVersion, signedVersionOf } from '../record-versions';
import { SchoolYearPipe, VersionPipe } from '../school-record-params';
import { SchoolRecordsRepository } from '../school-records.repository';

@ApiTags('school-records')
@ApiBearerAuth()
@Controller('learners/:studentId/records/:schoolYear/pdf')
export class RecordPdfController {
  constructor(
    private readonly records: SchoolRecordsRepository,
    private readonly issuer: RecordIssuer,
    @Inject(SERVICE_CONFIG) private readonly config: RecordsConfig,
  ) {}

  /**
   * The printable học bạ of a school year (A4 PDF, `?version=`, the latest by default): the
   * marks, who signed and when, the record hash and a QR code to the public verification. The
   * PDF is signed with the school seal where the service holds its key (demo); with a remote
   * signer it goes out unsigned and the QR code leads to the signed original. Access-logged.
   */
  @Get()
  @Policy(READ_LEARNER_RECORDS)
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'version', required: false })
  async pdf(
    @Param('studentId', new ParseUUIDPipe()) studentId: string,
    @Param('schoolYear', SchoolYearPipe) schoolYear: string,
    @Query('version', VersionPipe) version?: number,
  ): Promise<StreamableFile> {
    const { chosen, history } = pickVersion(
      await this.records.versionsOf(studentId),
      schoolYear,
      version,
    );
    const signed = signedVersionOf(chosen);
    const report = await this.issuer.verify(signed, history.map(signedVersionOf));
    const schoolName = String((signed.document.body.school as { name?: string })?.name ?? '');
    const seal = await this.issuer.sealKey(chosen.schoolId, schoolName);
    const pdf = await renderRecordPdf(
      {
        document: signed.document,
        signatures: report.signatures.filter((s) => s.version === chosen.version),
        verificationUrl: verificationUrl(this.config.RECORDS_VERIFY_URL, signed.document),
        renderedAt: chosen.signedAt,
      },
      seal && {
        signer: new CmsPdfSigner(seal.privateKey, seal.chain),
        name: schoolName,
        location: 'Quảng Ninh',
        signingTime: new Date(),
      },
    );
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="hoc-ba-${schoolYear}-v${chosen.version}.pdf"`,
      length: pdf.length,
    });
  }
}
