import { Client } from 'pg';
import { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MessagingMetrics } from '../metrics';
import { outboxChannel } from './outbox-writer';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  producer: Producer;
  /** The service schema whose outbox this relay drains. */
  schema: string;
  databaseUrl: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (ms). */
  pollIntervalMs?: number;
  /**
   * After publishing a partial batch, wait this long before the next poll (ms, default 0), so
   * that under load the relay — and the consumers behind it — work in bigger batches. A lone
   * event on an idle relay is still published at once; an event committed within the linger
   * of the previous batch waits for it.
   */
  lingerMs?: number;
  metrics?: MessagingMetrics;
  log?: { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void };
}

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * Rows sent but not yet deleted beyond which the relay stops fetching new rows and only retries
 * the delete (in batches of the relay, so at most this many ids are carried in memory and in the
 * fetch's exclusion list).
 */
const MAX_UNDELETED_BATCHES = 10;

/**
 * Publishes committed outbox rows to Kafka in commit-sequence order and deletes them once the
 * broker acknowledged (acks=all, idempotent producer). One relay per schema is active at a
 * time (PostgreSQL advisory lock), which keeps per-key order; other instances stand by.
 *
 * A failed delete after a successful send never republishes: the relay remembers the sent
 * sequence numbers, leaves them out of its next fetches and retries only the delete, keeping
 * its leadership meanwhile (handing over would let another instance send them again). What
 * stays at-least-once is what the relay cannot remember: a crash (or a lost advisory lock)
 * between send and delete, or a send that failed after the broker had written part of it.
 * Consumers deduplicate by envelope id.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private wake?: () => void;
  private pendingWake = false;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lingerMs: number;
  private readonly lockKey: string;
  /** Sequence numbers the broker acknowledged whose rows are not deleted yet. */
  private readonly sent = new Set<string>();
  isLeader = false;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 1000;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.lingerMs = opts.lingerMs ?? 0;
    this.lockKey = `qn-outbox-relay:${opts.schema}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Publishes everything pending now; used by tests and the benchmark's drain. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** Rows published whose delete has not succeeded yet (they are not published again). */
  get undeleted(): number {
    return this.sent.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        // Even without the lock: rows already on Kafka are better gone before another
        // instance reads them.
        if (!this.isLeader && this.sent.size > 0) await this.deleteSent();
        if (!this.isLeader) {
          await this.acquireLeadership();
          if (!this.isLeader) {
            await this.sleep(2000);
            continue;
          }
        }
        const published = await this.publishBatch();
        if (published < this.batchSize) {
          if (published > 0 && this.lingerMs > 0) await this.linger();
          await this.waitForWork();
        }
      } catch (err) {
        this.opts.log?.error(`outbox relay: ${(err as Error).message}; retrying`);
        // Holding sent rows not yet deleted, keep the lock while it holds: a standby taking
        // over would publish them again.
        if (this.sent.size === 0 || !this.isLeader) await this.releaseLeadership();
        await this.sleep(1000);
      }
    }
    if (this.sent.size > 0) await this.deleteSent();
    await this.releaseLeadership();
  }

  private async acquireLeadership(): Promise<void> {
    const client = new Client({
      connectionString: this.opts.databaseUrl,
      application_name: `outbox-relay-${this.opts.schema}`,
    });
    client.on('error', () => {
      this.isLeader = false;
      this.wake?.();
    });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
      [this.lockKey],
    );
    if (!rows[0].locked) {
      await client.end();
      return;
    }
    client.on('notification', () => {
      this.pendingWake = true;
      this.wake?.();
    });
    await client.query(`LISTEN "${outboxChannel(this.opts.schema)}"`);
    this.listener = client;
    this.isLeader = true;
    this.opts.log?.info(`outbox relay for schema ${this.opts.schema} is active`);
  }

  private async releaseLeadership(): Promise<void> {
    this.isLeader = false;
    const l = this.listener;
    this.listener = undefined;
    if (l) await l.end().catch(() => undefined);
  }

  /**
   * Deletes the rows sent earlier whose delete failed; true when none is left. A failure is
   * logged and kept for the next attempt (the ids stay remembered).
   */
  private async deleteSent(): Promise<boolean> {
    const seqs = [...this.sent];
    try {
      await this.opts.dataSource.query(`DELETE FROM outbox WHERE seq = ANY($1::bigint[])`, [seqs]);
    } catch (err) {
      this.opts.log?.warn(
        `outbox relay: deleting ${seqs.length} published rows failed (${(err as Error).message}); they are not published again, the delete is retried`,
      );
      return false;
    }
    for (const s of seqs) this.sent.delete(s);
    return true;
  }

  private async publishBatch(): Promise<number> {
    if (this.sent.size > 0 && !(await this.deleteSent())) {
      // The database refuses the delete: publish more only while the ids to remember stay few.
      if (this.sent.size >= this.batchSize * MAX_UNDELETED_BATCHES) return 0;
    }
    const exclude = [...this.sent];
    const rows: OutboxRow[] = await this.opts.dataSource.query(
      exclude.length === 0
        ? `SELECT seq, topic, message_key, payload, headers, created_at FROM outbox ORDER BY seq LIMIT $1`
        : `SELECT seq, topic, message_key, payload, headers, created_at FROM outbox WHERE seq <> ALL($2::bigint[]) ORDER BY seq LIMIT $1`,
      exclude.length === 0 ? [this.batchSize] : [this.batchSize, exclude],
    );
    const m = this.opts.metrics;
    if (rows.length === 0) {
      m?.outboxPending.set(0);
      m?.outboxOldestAgeSeconds.set(0);
      return 0;
    }
    m?.outboxOldestAgeSeconds.set((Date.now() - new Date(rows[0].created_at).getTime()) / 1000);
    const end = m?.relayBatchSeconds.startTimer();
    // Group by topic keeping sequence order inside each topic (and so inside each key).
    const byTopic = new Map<
      string,
      Array<{ key: string; value: string; headers: Record<string, string> }>
    >();
    for (const r of rows) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ key: r.message_key, value: r.payload, headers: r.headers });
    }
    await this.opts.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    // Acknowledged: from here on these rows are only ever deleted, never sent again.
    for (const r of rows) this.sent.add(r.seq);
    await this.deleteSent();
    end?.();
    for (const [topic, messages] of byTopic) m?.outboxPublished.inc({ topic }, messages.length);
    m?.outboxPending.set(rows.length === this.batchSize ? this.batchSize : 0);
    return rows.length;
  }

  private waitForWork(): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingWake = false;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wake = done;
    });
  }

  /** Waits lingerMs; notifications arriving meanwhile are kept (pendingWake), only stop() cuts it short. */
  private linger(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, this.lingerMs);
      this.wake = () => {
        if (!this.running || !this.isLeader) done();
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
