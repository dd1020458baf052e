import { Module } from '@nestjs/common';
import { FeeCatalogueRepository } from './fee-catalogue.repository';
import { ReadCatalogueController } from './read-catalogue/read-catalogue.controller';
import { SetProvinceCatalogueController } from './set-province-catalogue/set-province-catalogue.controller';
import { SetProvinceCatalogueService } from './set-province-catalogue/set-province-catalogue.service';
import { SetSchoolCatalogueController } from './set-school-catalogue/set-school-catalogue.controller';
import { SetSchoolCatalogueService } from './set-school-catalogue/set-school-catalogue.service';

/** The fee catalogue (biểu phí) per school year: the province's part and each school's own fees. */
@Module({
  controllers: [
    SetProvinceCatalogueController,
    SetSchoolCatalogueController,
    ReadCatalogueController,
  ],
  providers: [FeeCatalogueRepository, SetProvinceCatalogueService, SetSchoolCatalogueService],
  exports: [FeeCatalogueRepository],
})
export class CatalogueModule {}
