import { Module } from '@nestjs/common';
import { ProjectionService } from './apply-events/projection.service';
import { RebuildProjectionController } from './rebuild-projection/rebuild-projection.controller';

/**
 * The projection (số liệu tổng hợp) fed from Kafka by the catalogue's sources: events applied
 * per generation, held events, and the rebuild into a shadow generation. The query side reads
 * its state through ProjectionService.
 */
@Module({
  controllers: [RebuildProjectionController],
  providers: [ProjectionService],
  exports: [ProjectionService],
})
export class ProjectionsModule {}
