import { Unavailable } from '@qn/contracts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Piscina from 'piscina';
import type { ProvinceReport } from '../domain/report-model';
import renderTask, { type RenderKind } from './render-worker';

export interface RenderPoolSettings {
  /** Worker threads rendering at once. */
  threads: number;
  /** Renderings waiting for a thread; one more is refused with 503. */
  queue: number;
}

/** The compiled worker; absent when running from the TypeScript sources (unit tests). */
const WORKER = join(__dirname, 'render-worker.js');

let settings: RenderPoolSettings = { threads: 1, queue: 8 };
let pool: Piscina | undefined;

export function configureRenderPool(s: RenderPoolSettings): void {
  settings = s;
}

/** Stops the threads (on shutdown); a later rendering starts a new pool. */
export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}

/** Threads the pool has now (0 when rendering inline or idle). */
export function renderPoolThreads(): number {
  return pool?.threads.length ?? 0;
}

function renderPool(): Piscina | undefined {
  if (pool === undefined && existsSync(WORKER)) {
    pool = new Piscina({
      filename: WORKER,
      minThreads: 0,
      maxThreads: settings.threads,
      maxQueue: settings.queue,
      // Threads are kept a while for the next export, then let go (each holds exceljs/pdfkit).
      idleTimeout: 60_000,
    });
  }
  return pool;
}

/**
 * Renders an XLSX or PDF report in the worker pool, off the event loop. A full queue answers
 * 503 with Retry-After rather than piling up work (and memory) behind a slow export.
 */
export async function renderOffLoop(kind: RenderKind, report: ProvinceReport): Promise<Buffer> {
  const p = renderPool();
  if (!p) return renderTask({ kind, report });
  try {
    const out = (await p.run({ kind, report })) as Uint8Array;
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    if ((error as Error).message === 'Task queue is at limit') {
      throw new Unavailable(
        'reports-busy',
        'Reports are busy',
        'Too many report files are being rendered; try again shortly.',
        { retryAfterSeconds: 5 },
      );
    }
    throw error;
  }
}
