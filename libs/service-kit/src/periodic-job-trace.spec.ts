import { trace } from '@opentelemetry/api';
import { eventTraceHeaders } from '@qn/messaging';
import { startTelemetry, stopTelemetry } from '@qn/observability';
import { PeriodicJob } from './periodic-job';

const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/;

/** With the platform's telemetry running, as in a service started by its main.ts. */
describe('PeriodicJob traces', () => {
  beforeAll(() => startTelemetry('periodic-job-spec'));
  afterAll(() => stopTelemetry());

  it('runs each run in a trace of its own, which the events it writes carry', async () => {
    const seen: Array<Record<string, string>> = [];
    const spans: Array<string | undefined> = [];
    const job = new PeriodicJob(
      1000,
      async () => {
        await new Promise((r) => setTimeout(r, 5)); // the context survives awaits
        seen.push(eventTraceHeaders());
        spans.push(trace.getActiveSpan()?.spanContext().traceId);
      },
      (e) => {
        throw e;
      },
      'test job',
    );
    await job.runNow();
    await job.runNow();
    await job.stop();
    expect(seen).toHaveLength(2);
    for (const h of seen) expect(h.traceparent).toMatch(TRACEPARENT);
    const [a, b] = seen.map((h) => TRACEPARENT.exec(h.traceparent)![1]);
    expect(a).not.toBe(b);
    expect(spans).toEqual([a, b]); // the run's own span, not a stand-in
  });
});
