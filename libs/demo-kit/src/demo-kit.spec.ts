import { createServer } from 'node:net';
import { fetchService, mapLimit, seededRandom } from './index';

describe('demo kit', () => {
  it('gives the same sequence for the same seed, another for another seed, in [0, 1)', () => {
    const a = seededRandom(2026);
    const b = seededRandom(2026);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(2027)()).not.toBe(first[0]);
    // The published mulberry32 sequence for seed 1 (as every copy in the repo produced it).
    expect(seededRandom(1)()).toBeCloseTo(0.6270739405881613, 15);
  });

  it('maps with bounded concurrency and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (x, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, x * 3));
      running--;
      return `${i}:${x}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(peak).toBe(2);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });

  it('names the address and the reason when a service cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    await expect(
      fetchService(`http://127.0.0.1:${port}/rounds`, { method: 'POST' }),
    ).rejects.toThrow(`cannot reach http://127.0.0.1:${port} (POST /rounds): ECONNREFUSED`);
  });
});
