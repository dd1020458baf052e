/**
 * Ports for service processes started by tests and benchmarks.
 *
 * Picked below Linux's ephemeral range (32768–60999): a port taken from inside it can be
 * handed by the kernel to any outgoing connection (to Kafka, PostgreSQL, Redis) between the
 * moment it is chosen and the moment the child process binds it, which made suites fail with
 * EADDRINUSE now and then. Each Jest worker gets its own block, so parallel suites never pick
 * the same port; inside a block ports are handed out in turn from a random start, so a run
 * does not reuse the ports of a process an earlier run may have left behind.
 */
const FIRST_PORT = 20000;
const LAST_PORT = 32000;
const WORKER_BLOCKS = 8;
const BLOCK_SIZE = Math.floor((LAST_PORT - FIRST_PORT) / WORKER_BLOCKS);

const workerIndex = (Number(process.env.JEST_WORKER_ID ?? '1') - 1) % WORKER_BLOCKS;
const blockStart = FIRST_PORT + workerIndex * BLOCK_SIZE;
let next = Math.floor(Math.random() * BLOCK_SIZE);

/** A TCP port for a service under test: unique within this run and outside the ephemeral range. */
export function testPort(): number {
  const port = blockStart + (next % BLOCK_SIZE);
  next += 1;
  return port;
}
