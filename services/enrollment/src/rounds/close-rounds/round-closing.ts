import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventTypes, newEvent, RoundClosedV1 } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { PeriodicJob, SERVICE_CONFIG } from '@qn/service-kit';
import type { EnrollmentConfig } from '../../config';
import { ChannelCount, countApplications } from '../domain/round-counts';

/**
 * Announces each round once its deadline has passed (`enrollment.round.closed`, with the
 * applications counted by channel). A timer checks every ROUND_CLOSE_CHECK_MS; the claim on a
 * round (`closed_announced_at`) and the event commit together, so several instances announce
 * each round once.
 */
@Injectable()
export class RoundClosing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RoundClosing');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
    @Inject(SERVICE_CONFIG) config: EnrollmentConfig,
  ) {
    this.job = new PeriodicJob(
      config.ROUND_CLOSE_CHECK_MS,
      () => this.announceDue(),
      (e) => this.logger.error(`closing rounds: ${e.message}`),
      'close due rounds',
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Announces every round past its deadline not announced yet; returns how many. */
  async announceDue(now = new Date()): Promise<number> {
    return this.ds.transaction(async (tx) => {
      const due: Array<{ id: string; schoolYear: string; grade: 1 | 6 | 10; closesAt: Date }> =
        await tx.query(
          `SELECT id, school_year AS "schoolYear", grade, closes_at AS "closesAt" FROM admission_round
          WHERE closes_at <= $1 AND closed_announced_at IS NULL ORDER BY closes_at FOR UPDATE SKIP LOCKED`,
          [now],
        );
      for (const r of due) await this.announce(tx, r);
      return due.length;
    });
  }

  /** Claims the round and announces it, with its applications counted, in the same transaction. */
  private async announce(
    tx: EntityManager,
    r: { id: string; schoolYear: string; grade: 1 | 6 | 10; closesAt: Date },
  ): Promise<void> {
    const counts: ChannelCount[] = await tx.query(
      `SELECT wishes[1] AS "schoolId", channel, count(*)::int AS n FROM application WHERE round_id = $1 AND status = 'active' GROUP BY 1, 2 ORDER BY 1, 2`,
      [r.id],
    );
    await tx.query(`UPDATE admission_round SET closed_announced_at = now() WHERE id = $1`, [r.id]);
    await this.messaging.outbox.enqueue(
      tx,
      newEvent<RoundClosedV1>({
        ...EventTypes.roundClosed,
        source: 'enrollment',
        subjectId: r.id,
        occurredAt: new Date(r.closesAt),
        data: {
          roundId: r.id,
          schoolYear: r.schoolYear,
          grade: r.grade,
          closedAt: new Date(r.closesAt).toISOString(),
          ...countApplications(counts),
        },
      }),
    );
  }
}
