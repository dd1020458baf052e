import { MigrationInterface } from 'typeorm';

/**
 * Migrations of the credentials schema, oldest first (TypeORM; never `synchronize`). The
 * messaging tables (outbox, processed events) and the idempotency and access-log tables come
 * from the shared kit. Add a class per change, named `<Name><timestamp>`, and list it here.
 */
export const credentialsMigrations: Array<new () => MigrationInterface> = [];
