/**
 * Small tools for the demo loaders and the benches: they drive the services over HTTP with
 * reproducible data, so a failure must name the address and the same seed must give the same
 * province, applicants, answers and payments.
 */

/** mulberry32: a small, fast, deterministic 32-bit PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/** fetch, failing with the address and the reason when the service cannot be reached. */
export async function fetchService(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const u = new URL(url);
    throw new Error(
      `cannot reach ${u.origin} (${init?.method ?? 'GET'} ${u.pathname}): ${cause?.code ?? cause?.message ?? (e as Error).message}`,
    );
  }
}
