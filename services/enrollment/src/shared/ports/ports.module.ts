import { Global, Logger, Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { EnrollmentConfig } from '../../config';
import { GatewayIdentityVerifier } from './identity/gateway-identity-verifier';
import { LocalPopulationRegister } from './identity/local-population-register';
import { IDENTITY_VERIFIER, IdentityVerifier } from './identity-verifier';
import { HttpSectorDatabase } from './sector/http-sector-database';
import { LocalSectorDatabase } from './sector/local-sector-database';
import { SECTOR_DATABASE, SectorDatabase } from './sector-database';

/** The identity register as configured (IDENTITY_VERIFIER). */
export function identityVerifierFor(config: EnrollmentConfig): IdentityVerifier {
  const log = new Logger('IdentityVerifier');
  if (config.IDENTITY_VERIFIER === 'gateway')
    return new GatewayIdentityVerifier({
      baseUrl: config.IDENTITY_GATEWAY_URL!,
      apiKey: config.IDENTITY_GATEWAY_API_KEY!,
      timeoutMs: config.IDENTITY_GATEWAY_TIMEOUT_MS,
      maxBatch: config.IDENTITY_MAX_BATCH,
      log,
    });
  return config.IDENTITY_REGISTER_FILE
    ? new LocalPopulationRegister([], config.IDENTITY_MAX_BATCH, config.IDENTITY_REGISTER_FILE, log)
    : new LocalPopulationRegister([], config.IDENTITY_MAX_BATCH, undefined, log);
}

/** The sector database as configured (SECTOR_DATABASE). */
export function sectorDatabaseFor(config: EnrollmentConfig): SectorDatabase {
  const log = new Logger('SectorDatabase');
  if (config.SECTOR_DATABASE === 'http')
    return new HttpSectorDatabase({
      baseUrl: config.SECTOR_DATABASE_URL!,
      apiKey: config.SECTOR_DATABASE_API_KEY!,
      timeoutMs: config.SECTOR_DATABASE_TIMEOUT_MS,
      maxBatch: config.SECTOR_MAX_BATCH,
      log,
    });
  return new LocalSectorDatabase(config.SECTOR_DATABASE_DIR, config.SECTOR_MAX_BATCH, log);
}

/**
 * The outside systems as ports, one adapter each chosen by configuration: `IDENTITY_VERIFIER`
 * and `SECTOR_DATABASE` (tokens), for any feature to inject.
 */
@Global()
@Module({
  providers: [
    { provide: IDENTITY_VERIFIER, inject: [SERVICE_CONFIG], useFactory: identityVerifierFor },
    { provide: SECTOR_DATABASE, inject: [SERVICE_CONFIG], useFactory: sectorDatabaseFor },
  ],
  exports: [IDENTITY_VERIFIER, SECTOR_DATABASE],
})
export class PortsModule {}
