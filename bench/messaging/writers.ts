/**
 * The writers of the full path: concurrent business transactions, each INSERT one business
 * row + OutboxWriter.enqueue + COMMIT, on this thread or on worker threads (this module is the
 * worker's entry too).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@qn/persistence';
import { OutboxWriter } from '@qn/messaging';
import { clock, sleep } from '../kit/timing';
import { benchCatalog, orderEvent, SCHEMA, World } from './world';

export interface WriterFigures {
  firstStart: number;
  lastCommit: number;
  maxLag: number;
  payloadBytes: number;
}

export interface WriterJob {
  runPrefix: string;
  events: number;
  rate: number | null;
  /** clock() of event 0's slot. */
  start: number;
}

/** Runs the writers of one run, on this thread or on worker threads. */
export interface WriterPool {
  /** `counters` (shared): [0] next event to write, [1] events committed. */
  run(job: WriterJob, counters: Int32Array): Promise<WriterFigures>;
  close(): Promise<void>;
}

/**
 * The writers: `writers` loops, each taking the next event and running one business
 * transaction for it — INSERT the business row, OutboxWriter.enqueue, COMMIT. Paced: event i
 * is due at start + i/rate and its writer waits until then (a writer that is late starts at
 * once; the lag is reported).
 */
async function writeEvents(
  ds: DataSource,
  writer: OutboxWriter,
  job: WriterJob,
  writers: number,
  keys: number,
  counters: Int32Array,
): Promise<WriterFigures> {
  const { events, rate, start } = job;
  let maxLag = 0;
  let lastCommit = 0;
  let bytes = 0;
  let sampled = 0;
  let firstStart = Infinity;
  const loop = async () => {
    for (;;) {
      const i = Atomics.add(counters, 0, 1);
      if (i >= events) return;
      if (rate) {
        const due = start + (i * 1000) / rate;
        const wait = due - clock();
        if (wait > 0.5) await sleep(wait);
        maxLag = Math.max(maxLag, clock() - due);
      }
      const t0 = clock();
      if (t0 < firstStart) firstStart = t0;
      const event = orderEvent(i, keys, t0);
      await ds.transaction(async (tx) => {
        await tx.query(`INSERT INTO bench_order (id, customer_id, amount) VALUES ($1, $2, $3)`, [
          event.data.orderId,
          event.data.customerId,
          event.data.amount,
        ]);
        await writer.enqueue(tx, event);
      });
      const t1 = clock();
      Atomics.add(counters, 1, 1);
      if (t1 > lastCommit) lastCommit = t1;
      if (i < 1000) {
        bytes += Buffer.byteLength(JSON.stringify(event));
        sampled++;
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, loop));
  return { firstStart, lastCommit, maxLag, payloadBytes: sampled ? bytes / sampled : NaN };
}

export async function inThreadWriterPool(ds: DataSource, opts: World['opts']): Promise<WriterPool> {
  await ds.initialize();
  const catalog = benchCatalog(opts.partitions);
  return {
    run: (job, counters) =>
      writeEvents(
        ds,
        new OutboxWriter(catalog, SCHEMA, job.runPrefix),
        job,
        opts.writers,
        opts.keys,
        counters,
      ),
    close: () => ds.destroy(),
  };
}

interface WriterThreadData {
  kind: 'qn-bench-writers';
  dbUrl: string;
  writers: number;
  keys: number;
  partitions: number;
}

type FromWriterThread =
  | { type: 'ready'; clock: number }
  | { type: 'done'; figures: WriterFigures }
  | { type: 'failed'; message: string };

/** Worker threads running this very module (compiled), each with its own pool and writers. */
export async function threadWriterPool(
  cfg: { dbUrl: string; writers: number; threads: number; keys: number; partitions: number },
  log: (l: string) => void,
): Promise<WriterPool> {
  if (!__filename.endsWith('.js'))
    throw new Error('writerThreads needs the compiled bench (bench/messaging/dist)');
  const workers: Worker[] = [];
  const replies = new Map<Worker, (m: FromWriterThread) => void>();
  const next = (w: Worker) => new Promise<FromWriterThread>((resolve) => replies.set(w, resolve));
  for (let t = 0; t < cfg.threads; t++) {
    const writers = Math.floor(cfg.writers / cfg.threads) + (t < cfg.writers % cfg.threads ? 1 : 0);
    const data: WriterThreadData = {
      kind: 'qn-bench-writers',
      dbUrl: cfg.dbUrl,
      writers,
      keys: cfg.keys,
      partitions: cfg.partitions,
    };
    const w = new Worker(__filename, { workerData: data });
    w.on('message', (m: FromWriterThread) => replies.get(w)?.(m));
    w.on('error', (err) => replies.get(w)?.({ type: 'failed', message: err.message }));
    workers.push(w);
  }
  for (const w of workers) {
    const m = await next(w);
    if (m.type !== 'ready') throw new Error(`writer thread did not start: ${JSON.stringify(m)}`);
    // Same process clock: the thread's reading must precede ours by the message latency only.
    const skew = clock() - m.clock;
    if (skew < -1 || skew > 50)
      log(`warning: writer thread clock differs by ${skew.toFixed(2)} ms`);
  }
  return {
    async run(job, counters) {
      const results = await Promise.all(
        workers.map((w) => {
          const reply = next(w);
          w.postMessage({ type: 'run', job, counters: counters.buffer });
          return reply;
        }),
      );
      const figures = results.map((m) => {
        if (m.type !== 'done')
          throw new Error(`writer thread failed: ${m.type === 'failed' ? m.message : m.type}`);
        return m.figures;
      });
      const sized = figures.filter((f) => Number.isFinite(f.payloadBytes));
      return {
        firstStart: Math.min(...figures.map((f) => f.firstStart)),
        lastCommit: Math.max(...figures.map((f) => f.lastCommit)),
        maxLag: Math.max(...figures.map((f) => f.maxLag)),
        payloadBytes: sized.reduce((a, f) => a + f.payloadBytes, 0) / sized.length,
      };
    },
    async close() {
      for (const w of workers) w.postMessage({ type: 'close' });
      await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
    },
  };
}

/** Entry of a writer thread: a pool of its own, then one writeEvents per 'run' message. */
async function writerThreadMain(data: WriterThreadData): Promise<void> {
  const port = parentPort!;
  const ds = createServiceDataSource({
    url: data.dbUrl,
    schema: SCHEMA,
    entities: [],
    migrations: [],
    poolSize: data.writers,
    applicationName: 'bench-writers',
  });
  await ds.initialize();
  const catalog = benchCatalog(data.partitions);
  port.on(
    'message',
    (msg: { type: 'run'; job: WriterJob; counters: SharedArrayBuffer } | { type: 'close' }) => {
      if (msg.type === 'close') {
        void ds.destroy().finally(() => port.close());
        return;
      }
      writeEvents(
        ds,
        new OutboxWriter(catalog, SCHEMA, msg.job.runPrefix),
        msg.job,
        data.writers,
        data.keys,
        new Int32Array(msg.counters),
      ).then(
        (figures) => port.postMessage({ type: 'done', figures } satisfies FromWriterThread),
        (err: Error) =>
          port.postMessage({ type: 'failed', message: err.message } satisfies FromWriterThread),
      );
    },
  );
  port.postMessage({ type: 'ready', clock: clock() } satisfies FromWriterThread);
}

if (!isMainThread && (workerData as WriterThreadData | undefined)?.kind === 'qn-bench-writers') {
  void writerThreadMain(workerData as WriterThreadData);
}
