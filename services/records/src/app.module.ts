import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { ServiceKitModule } from '@qn/service-kit';
import { RecordsConfig } from './config';
import { recordsMigrations } from './database/migrations';
import { ServiceInfoModule } from './service-info/service-info.module';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = { entities: [], migrations: recordsMigrations };

export const SERVICE_NAME = 'records';

/** The service: the shared kit (config, database, messaging, auth, health, metrics) and one module per feature. */
@Module({})
export class AppModule {
  static register(config: RecordsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        ServiceInfoModule,
      ],
    };
  }
}
