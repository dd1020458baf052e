import { Module } from '@nestjs/common';
import { FeeCatalogueController, FeeCatalogueService } from './fee-catalogue';

/** The fee catalogue (biểu phí) per school year: the province's part and each school's own fees. */
@Module({
  controllers: [FeeCatalogueController],
  providers: [FeeCatalogueService],
  exports: [FeeCatalogueService],
})
export class CatalogueModule {}
