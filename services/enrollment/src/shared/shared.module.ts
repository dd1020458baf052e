import { DynamicModule, Global, Module } from '@nestjs/common';
import { OrgDirectoryModule } from '@qn/org-directory';
import { enrollmentAccessProviders } from './access/resource-locators';
import { PersonalDataGuard } from './personal-data';
import { PortsModule } from './ports/ports.module';

/**
 * What every feature of the service uses, wired once for the whole app: the registry copy
 * (OrgDirectory, with its consumer of the registry's events), the keys for personal data, and
 * the ports the policy guard asks (guardians, where each resource belongs), and the outside
 * systems' ports (identity register, sector database: `ports/ports.module.ts`).
 */
@Global()
@Module({})
export class EnrollmentSharedModule {
  static register(service: string): DynamicModule {
    return {
      module: EnrollmentSharedModule,
      imports: [OrgDirectoryModule.forService(service), PortsModule],
      providers: [PersonalDataGuard, ...enrollmentAccessProviders],
      exports: [OrgDirectoryModule, PersonalDataGuard, PortsModule],
    };
  }
}
