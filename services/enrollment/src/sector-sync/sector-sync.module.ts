import { Module } from '@nestjs/common';
import { SectorSyncRepository } from './sector-sync.repository';
import { SendChangesController } from './send-changes/send-changes.controller';
import { SendChangesService } from './send-changes/send-changes.service';
import { SyncReportController } from './sync-report/sync-report.controller';

/**
 * Sync with the sector database (CSDL ngành) through the `SectorDatabase` port: a school's
 * learner changes of a term sent, answered per record, and the per-school report.
 */
@Module({
  controllers: [SendChangesController, SyncReportController],
  providers: [SectorSyncRepository, SendChangesService],
})
export class SectorSyncModule {}
