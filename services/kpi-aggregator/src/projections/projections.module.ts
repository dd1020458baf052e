import { Module } from '@nestjs/common';
import { HeldEventsService } from './apply-events/held-events.service';
import { ProjectionConsumers } from './apply-events/projection-consumers';
import { ProjectionService } from './apply-events/projection.service';
import { RebuildProjectionController } from './rebuild-projection/rebuild-projection.controller';
import { RebuildProjectionService } from './rebuild-projection/rebuild-projection.service';

/**
 * The projection (số liệu tổng hợp) fed from Kafka by the catalogue's sources: events applied
 * per generation, held events, and the rebuild into a shadow generation. The query side reads
 * its state through ProjectionService.
 */
@Module({
  controllers: [RebuildProjectionController],
  providers: [ProjectionConsumers, HeldEventsService, RebuildProjectionService, ProjectionService],
  exports: [ProjectionService],
})
export class ProjectionsModule {}
