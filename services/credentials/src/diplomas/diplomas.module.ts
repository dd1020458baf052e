import { Module } from '@nestjs/common';
import { DiplomasRepository } from './diplomas.repository';
import { DownloadDiplomaPdfController } from './download-diploma-pdf/download-diploma-pdf.controller';

/** Issued diplomas as documents people hold: the printable PDF carrying the signed credential. */
@Module({
  controllers: [DownloadDiplomaPdfController],
  providers: [DiplomasRepository],
})
export class DiplomasModule {}
