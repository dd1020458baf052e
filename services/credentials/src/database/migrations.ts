import { MigrationInterface } from 'typeorm';
import { orgDirectoryMigrations } from '@qn/org-directory';
import { CredentialsCertifiedCopies1769300000000 } from './certified-copies.migration';
import { CredentialsIssuance1769100000000 } from './issuance.migration';
import { CredentialsRegisters1769000000000 } from './registers.migration';
import { CredentialsWalletDelivery1769200000000 } from './wallet-delivery.migration';
import { CredentialsRegisterImports1769000000100 } from './register-imports.migration';

/**
 * Migrations of the credentials schema, oldest first (TypeORM; never `synchronize`). The
 * messaging tables (outbox, processed events) and the idempotency and access-log tables come
 * from the shared kit. Add a class per change, named `<Name><timestamp>`, and list it here.
 * Class names and this order are recorded in deployed databases: append, never rename or reorder.
 */
export const credentialsMigrations: Array<new () => MigrationInterface> = [
  // The service's copy of the org tree (libs/org-directory): schools, their communes, the department.
  ...orgDirectoryMigrations,
  CredentialsRegisters1769000000000,
  CredentialsRegisterImports1769000000100,
  CredentialsIssuance1769100000000,
  CredentialsWalletDelivery1769200000000,
  CredentialsCertifiedCopies1769300000000,
];
