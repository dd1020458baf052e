import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { RECORDS_SECTOR_DATABASE } from '../shared/sector-database/records-sector-database';
import { sectorDatabaseFor } from '../shared/sector-database/sector-database-setup';
import { SectorExportReportController } from './export-report/sector-export-report.controller';
import { TermResultsSender } from './send-term-results/term-results-sender';
import { SectorExportRepository } from './sector-export.repository';

/**
 * Each term's results to the sector database (CSDL ngành): the term close queues a signed class
 * term (`SectorExportRepository.queue`, in its transaction), the sender sends them in batches and
 * keeps the answers, the report says per school and term what was sent, accepted and missing.
 */
@Module({
  controllers: [SectorExportReportController],
  providers: [
    SectorExportRepository,
    TermResultsSender,
    { provide: RECORDS_SECTOR_DATABASE, inject: [SERVICE_CONFIG], useFactory: sectorDatabaseFor },
  ],
  exports: [SectorExportRepository],
})
export class SectorExportModule {}
