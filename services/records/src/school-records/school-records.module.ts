import { Module } from '@nestjs/common';
import { SigningSetupModule } from '../shared/signing-setup/signing-setup.module';
import { CorrectRecordController } from './correct-record/correct-record.controller';
import { CorrectRecordService } from './correct-record/correct-record.service';
import { ReadRecordsController } from './read-records/read-records.controller';
import { RecordIssuer } from './record-issuer';
import { RecordPdfController } from './render-record-pdf/record-pdf.controller';
import { VerifyRecordController } from './verify-record/verify-record.controller';
import { SchoolRecordsRepository } from './school-records.repository';

/**
 * Signed học bạ: issuing (the term close's last step uses RecordIssuer), corrections, reads, the
 * printable PDF and public verification.
 */
@Module({
  imports: [SigningSetupModule],
  controllers: [
    ReadRecordsController,
    RecordPdfController,
    CorrectRecordController,
    VerifyRecordController,
  ],
  providers: [SchoolRecordsRepository, RecordIssuer, CorrectRecordService],
  exports: [SchoolRecordsRepository, RecordIssuer],
})
export class SchoolRecordsModule {}
