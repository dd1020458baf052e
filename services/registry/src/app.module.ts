import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { platformCatalog } from '@qn/contracts';
import { ServiceKitModule } from '@qn/service-kit';
import { RegistryConfig } from './config';
import { registryMigrations } from './database/migrations';
import { OrgUnitEntity } from './org-units/database/org-unit.entity';
import { OrgUnitRepository } from './org-units/database/org-unit.repository';
import { CreateOrgUnitController } from './org-units/create-org-unit/create-org-unit.controller';
import { CreateOrgUnitService } from './org-units/create-org-unit/create-org-unit.service';
import { ChangeOrgUnitController } from './org-units/change-org-unit/change-org-unit.controller';
import { ChangeOrgUnitService } from './org-units/change-org-unit/change-org-unit.service';
import { FindOrgUnitsController } from './org-units/find-org-units/find-org-units.controller';
import { SchoolYearsController, SchoolYearsService } from './school-years/school-years';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = { entities: [OrgUnitEntity], migrations: registryMigrations };

export const SERVICE_NAME = 'registry';

@Module({})
export class AppModule {
  static register(config: RegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        TypeOrmModule.forFeature([OrgUnitEntity]),
      ],
      controllers: [
        CreateOrgUnitController,
        ChangeOrgUnitController,
        FindOrgUnitsController,
        SchoolYearsController,
      ],
      providers: [
        OrgUnitRepository,
        CreateOrgUnitService,
        ChangeOrgUnitService,
        SchoolYearsService,
      ],
    };
  }
}
