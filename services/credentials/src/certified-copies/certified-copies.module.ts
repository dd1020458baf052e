import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { CertifiedCopiesRepository } from './certified-copies.repository';
import { DownloadCertifiedCopyController } from './download-certified-copy/download-certified-copy.controller';
import { IssueCertifiedCopyController } from './issue-certified-copy/issue-certified-copy.controller';
import { IssueCertifiedCopyService } from './issue-certified-copy/issue-certified-copy.service';

/** Certified copies from the original register (bản sao từ sổ gốc) and their printable page. */
@Module({
  imports: [DecisionsModule],
  controllers: [IssueCertifiedCopyController, DownloadCertifiedCopyController],
  providers: [CertifiedCopiesRepository, IssueCertifiedCopyService],
})
export class CertifiedCopiesModule {}
