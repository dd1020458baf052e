import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { PeriodicJob, SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../../config';
import { WALLET, WalletUnavailable, type Wallet } from '../wallet';
import { WalletDeliveryRepository } from './wallet-delivery.repository';

/** Retries after the wallet was unreachable: 1 min, 2, 4 … capped at 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

export interface WalletRun {
  delivered: number;
  refused: number;
  /** Left for a later run: the wallet could not be reached. */
  deferred: number;
}

/**
 * Delivers each current credential to its holder's wallet, every CREDENTIALS_WALLET_INTERVAL_MS
 * (the shared PeriodicJob: one run at a time; shutdown waits for it). A wallet that cannot be
 * reached ends the run and the credential is tried again later, with a growing delay; a refusal
 * is final. A corrected or reissued diploma's new version is delivered in its turn (the wallet
 * learns of revocations from the public status lists). Logs counts, never a name.
 */
@Injectable()
export class WalletSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WalletDelivery');
  private readonly job: PeriodicJob;

  constructor(
    private readonly repo: WalletDeliveryRepository,
    @Inject(WALLET) private readonly wallet: Wallet | null,
    @Inject(SERVICE_CONFIG) private readonly config: CredentialsConfig,
  ) {
    this.job = new PeriodicJob(
      config.CREDENTIALS_WALLET_INTERVAL_MS || 60_000,
      () => this.runOnce(),
      (e) => this.logger.error(`wallet delivery failed: ${e.message}`),
      'deliver credentials to wallets',
    );
  }

  onApplicationBootstrap(): void {
    if (this.wallet && this.config.CREDENTIALS_WALLET_INTERVAL_MS > 0) this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async runOnce(now: () => Date = () => new Date()): Promise<WalletRun> {
    const run: WalletRun = { delivered: 0, refused: 0, deferred: 0 };
    if (!this.wallet) return run;
    for (;;) {
      const due = await this.repo.due(100, now());
      if (due.length === 0) break;
      for (const d of due) {
        try {
          const a = await this.wallet.deliver({
            holderRef: d.learnerId,
            credentialId: d.credentialId,
            credential: d.document,
          });
          await this.repo.record(
            d,
            a.outcome === 'delivered'
              ? { state: 'delivered', code: null, nextAttemptAt: null }
              : { state: 'refused', code: a.code, nextAttemptAt: null },
            now(),
          );
          run[a.outcome === 'delivered' ? 'delivered' : 'refused']++;
        } catch (error) {
          if (!(error instanceof WalletUnavailable)) throw error;
          const at = now();
          await this.repo.record(
            d,
            {
              state: 'retrying',
              code: error.code,
              nextAttemptAt: new Date(at.getTime() + retryDelayMs(d.attempts + 1)),
            },
            at,
          );
          run.deferred = due.length - run.delivered - run.refused;
          this.logger.warn(
            `wallet unavailable (${error.code}): ${run.deferred} credential(s) left for later`,
          );
          return run;
        }
      }
    }
    if (run.delivered + run.refused > 0)
      this.logger.log(`delivered ${run.delivered}, refused ${run.refused}`);
    return run;
  }
}
