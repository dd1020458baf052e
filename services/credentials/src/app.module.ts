import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { OrgDirectoryModule } from '@qn/org-directory';
import { ServiceKitModule, ApiInfo } from '@qn/service-kit';
import { CredentialsConfig } from './config';
import { credentialsMigrations } from './database/migrations';
import { AuthoritiesModule } from './authorities/authorities.module';
import { CertifiedCopiesModule } from './certified-copies/certified-copies.module';
import { CredentialStatusModule } from './credential-status/credential-status.module';
import { DecisionsModule } from './decisions/decisions.module';
import { DiplomasModule } from './diplomas/diplomas.module';
import { IssuanceModule } from './issuance/issuance.module';
import { LearnersModule } from './learners/learners.module';
import { ServiceInfoModule } from './service-info/service-info.module';
import { RegistersModule } from './registers/registers.module';
import { registersAccessProviders } from './registers/registers-access';
import { credentialsAccessProviders } from './shared/access/locators';
import { VerificationModule } from './verification/verification.module';
import { WalletDeliveryModule } from './wallet-delivery/wallet-delivery.module';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = { entities: [], migrations: credentialsMigrations };

export const SERVICE_NAME = 'credentials';

/** Title and description of the service's OpenAPI document (/docs, docs/openapi/). */
export const API_INFO: ApiInfo = {
  title: 'Credentials',
  description:
    'Original registers of diplomas (sổ gốc), verifiable digital diplomas and their public verification.',
};

/** The service: the shared kit (config, database, messaging, auth, health, metrics) and one module per feature. */
@Module({})
export class AppModule {
  static register(config: CredentialsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        // The org tree (registry.org-unit.v1): schools, the communes that manage them, the department.
        OrgDirectoryModule.forService(SERVICE_NAME),
        ServiceInfoModule,
        LearnersModule,
        AuthoritiesModule,
        CredentialStatusModule,
        RegistersModule,
        IssuanceModule,
        VerificationModule,
        DecisionsModule,
        WalletDeliveryModule,
        CertifiedCopiesModule,
        DiplomasModule,
      ],
      // App-wide: the policy guard finds the resource locators of every route here.
      providers: [...credentialsAccessProviders, ...registersAccessProviders],
    };
  }
}
