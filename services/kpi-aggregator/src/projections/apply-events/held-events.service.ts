import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dlqTopicOf, EventEnvelope, platformCatalog } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { KpiConfig } from '../../config';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { applyEvents } from '../projection.repository';
import { ProjectionConsumers } from './projection-consumers';

interface ExpiredRow {
  event_id: string;
  event: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
  missing: string[];
  attempts: number;
  parked_at: Date;
}

/**
 * Events held for unknown org units (parked_event): retried when the org replica changed, sent
 * to the DLQ with the reason after KPI_PARK_MAX_ATTEMPTS retries or KPI_PARK_MAX_AGE_MS.
 */
@Injectable()
export class HeldEventsService {
  private readonly logger = new Logger('Projection');
  private replicaStamp = '';

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
    private readonly consumers: ProjectionConsumers,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
    @Inject(SERVICE_CONFIG) private readonly config: KpiConfig,
  ) {}

  /** Retries held events when the org replica changed; sends expired ones to the DLQ. */
  async checkParked(): Promise<void> {
    const [stampRow] = await this.ds.query(
      `SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) AS stamp FROM org_unit_replica`,
    );
    const changed = stampRow.stamp !== this.replicaStamp;
    this.replicaStamp = stampRow.stamp;
    for (const g of this.consumers.generations()) {
      if (changed) await this.retryParked(g);
      await this.expireParked(g);
    }
  }

  private async retryParked(g: number): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const rows: Array<{
        event: EventEnvelope;
        topic: string;
        partition: number;
        offset: string;
      }> = await tx.query(
        `SELECT event, topic, partition, "offset"::text AS offset FROM parked_event
            WHERE generation = $1 ORDER BY parked_at, event_id LIMIT 5000 FOR UPDATE SKIP LOCKED`,
        [g],
      );
      if (rows.length === 0) return;
      const result = await applyEvents(tx, g, this.cat.projection, rows, 'parked');
      const still = new Set(result.parked.map((p) => p.eventId));
      const resolved = rows.map((r) => r.event.id).filter((id) => !still.has(id));
      if (resolved.length)
        await tx.query(
          `DELETE FROM parked_event WHERE generation = $1 AND event_id = ANY($2::uuid[])`,
          [g, resolved],
        );
    });
  }

  private async expireParked(g: number): Promise<void> {
    const rows: ExpiredRow[] = await this.ds.query(
      `SELECT event_id, event, topic, partition, "offset"::text AS offset, missing, attempts, parked_at FROM parked_event
        WHERE generation = $1 AND (parked_at < now() - $2 * interval '1 millisecond' OR attempts >= $3) LIMIT 500`,
      [g, this.config.KPI_PARK_MAX_AGE_MS, this.config.KPI_PARK_MAX_ATTEMPTS],
    );
    for (const r of rows) {
      await this.deadLetter(g, r);
      await this.ds.query(`DELETE FROM parked_event WHERE generation = $1 AND event_id = $2`, [
        g,
        r.event_id,
      ]);
    }
  }

  private async deadLetter(g: number, r: ExpiredRow): Promise<void> {
    const reason = `unknown org unit(s) ${r.missing.join(', ')}: not in the registry replica after ${r.attempts} attempt(s), held since ${r.parked_at.toISOString()}`;
    this.logger.warn(`event ${r.event_id} dead-lettered: ${reason}`);
    // The same rule as every consumer's dead letters: no child's personal data in a copy.
    const copy = platformCatalog.deadLetterCopy(Buffer.from(JSON.stringify(r.event)));
    await this.messaging.producer.send({
      topic: dlqTopicOf(r.topic),
      acks: -1,
      messages: [
        {
          key: r.event.subjectId,
          value: copy.value,
          headers: {
            'x-dlq-redacted': copy.redacted,
            'x-dlq-reason': `rejected: ${reason}`,
            'x-dlq-reason-kind': 'rejected',
            'x-original-topic': r.topic,
            'x-original-partition': String(r.partition),
            'x-original-offset': r.offset,
            'x-consumer-group': this.consumers.groupOf(g),
            'x-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
  }
}
