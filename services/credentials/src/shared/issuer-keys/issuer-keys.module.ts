import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../../config';
import { ISSUER_KEY_STORE, NoIssuerKeys } from './issuer-key-store';
import { LocalIssuerKeys } from './local-issuer-keys';

/** The configured key store (CREDENTIALS_SIGNER), one instance for the service. */
@Module({
  providers: [
    {
      provide: ISSUER_KEY_STORE,
      inject: [SERVICE_CONFIG],
      useFactory: (c: CredentialsConfig) =>
        c.CREDENTIALS_SIGNER === 'local-keys'
          ? new LocalIssuerKeys(c.CREDENTIALS_KEYS_DIR!, c.CREDENTIALS_KEYS_GENERATE)
          : new NoIssuerKeys(),
    },
  ],
  exports: [ISSUER_KEY_STORE],
})
export class IssuerKeysModule {}
