import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../config';
import { HttpWallet } from './adapters/http-wallet';
import { LocalWallet } from './adapters/local-wallet';
import { WalletDeliveryRepository } from './deliver-credentials/wallet-delivery.repository';
import { WalletSender } from './deliver-credentials/wallet-sender';
import { WALLET } from './wallet';

/** Delivering diplomas to the holders' wallets (CREDENTIALS_WALLET: none, local, http). */
@Module({
  providers: [
    {
      provide: WALLET,
      inject: [SERVICE_CONFIG],
      useFactory: (c: CredentialsConfig) =>
        c.CREDENTIALS_WALLET === 'local'
          ? new LocalWallet(c.CREDENTIALS_WALLET_DIR)
          : c.CREDENTIALS_WALLET === 'http'
            ? new HttpWallet(
                c.CREDENTIALS_WALLET_URL!,
                c.CREDENTIALS_WALLET_API_KEY!,
                c.CREDENTIALS_WALLET_TIMEOUT_MS,
              )
            : null,
    },
    WalletDeliveryRepository,
    WalletSender,
  ],
  exports: [WalletSender],
})
export class WalletDeliveryModule {}
