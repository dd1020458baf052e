import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeOrgUnitController } from './change-org-unit/change-org-unit.controller';
import { ChangeOrgUnitService } from './change-org-unit/change-org-unit.service';
import { CreateOrgUnitController } from './create-org-unit/create-org-unit.controller';
import { CreateOrgUnitService } from './create-org-unit/create-org-unit.service';
import { OrgUnitEntity } from './database/org-unit.entity';
import { OrgUnitRepository } from './database/org-unit.repository';
import { ImportOrgUnitsController } from './import-org-units/import-org-units.controller';
import { ImportOrgUnitsService } from './import-org-units/import-org-units.service';
import { FindOrgUnitsController } from './find-org-units/find-org-units.controller';
import { FindOrgUnitsService } from './find-org-units/find-org-units.service';

/** Feature `org-units` (đơn vị): the dated tree province → commune/ward → school; one folder per use case. */
@Module({
  imports: [TypeOrmModule.forFeature([OrgUnitEntity])],
  controllers: [
    CreateOrgUnitController,
    ImportOrgUnitsController,
    ChangeOrgUnitController,
    FindOrgUnitsController,
  ],
  providers: [
    OrgUnitRepository,
    CreateOrgUnitService,
    ImportOrgUnitsService,
    ChangeOrgUnitService,
    FindOrgUnitsService,
  ],
})
export class OrgUnitsModule {}
