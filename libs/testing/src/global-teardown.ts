/** Stops containers started by the global setup; the local broker is left running for the next run. */
export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as { __QN_STOP_INFRA__?: () => Promise<void> }).__QN_STOP_INFRA__;
  if (stop) await stop();
}
