import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServiceConfig } from '@qn/config';
import { deleteExpiredRows, RetentionRule } from '@qn/persistence';
import { IdempotencyInterceptor } from './idempotency';
import { PeriodicJob } from './periodic-job';
import { SERVICE_CONFIG } from './tokens';

/**
 * Keeps the bookkeeping tables every service has from growing without end: applied event ids
 * (`processed_event`) after PROCESSED_EVENT_RETENTION_DAYS, idempotency records once their
 * replay window has passed. Runs every RETENTION_CHECK_MS; a failed run is logged and the
 * next one tries again.
 */
@Injectable()
export class RetentionTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.job = new PeriodicJob(
      config.RETENTION_CHECK_MS,
      () => this.prune(),
      (e) => this.logger.warn(`retention: ${e.message}`),
      'retention of bookkeeping rows',
    );
  }

  get rules(): RetentionRule[] {
    return [
      {
        table: 'processed_event',
        column: 'processed_at',
        olderThanSeconds: this.config.PROCESSED_EVENT_RETENTION_DAYS * 86_400,
      },
      {
        table: 'idempotency_record',
        column: 'created_at',
        olderThanSeconds: IdempotencyInterceptor.retentionSeconds,
      },
    ];
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One pass over every rule; at most one pass at a time. */
  runOnce(): Promise<void> {
    return this.job.runNow();
  }

  private async prune(): Promise<void> {
    for (const rule of this.rules) {
      try {
        const deleted = await deleteExpiredRows(this.ds, rule);
        if (deleted > 0) this.logger.log(`deleted ${deleted} expired rows of ${rule.table}`);
      } catch (e) {
        this.logger.warn(`could not delete expired rows of ${rule.table}: ${(e as Error).message}`);
      }
    }
  }
}
