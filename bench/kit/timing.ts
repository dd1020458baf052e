/** Clocks and pacing shared by the benches. */
import { performance } from 'node:perf_hooks';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** One clock for every thread of the process: ms since the epoch, sub-ms resolution. */
export const clock = () => performance.timeOrigin + performance.now();

/**
 * Calls `fire` at `rate` per second for `seconds`, without waiting for answers (an open model:
 * a slow answer does not delay the next call); returns each call's latency and the failures.
 */
export async function paced(
  rate: number,
  seconds: number,
  fire: () => Promise<void>,
): Promise<{ ms: number[]; errors: number }> {
  const ms: number[] = [];
  let errors = 0;
  const inflight: Array<Promise<void>> = [];
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const t = performance.now();
    inflight.push(
      fire().then(
        () => void ms.push(performance.now() - t),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  return { ms, errors };
}

/** Latencies of `n` calls made one at a time: the cost of one answer, without queueing. */
export async function oneByOne(f: () => Promise<unknown>, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return ms;
}
