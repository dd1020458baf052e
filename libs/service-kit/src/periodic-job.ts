import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@qn/service-kit');

/**
 * A job a service runs every few seconds or hours (closing rounds, housekeeping): at most one
 * run at a time — a tick that finds the previous run still going is skipped — a failed run is
 * reported and the next tick tries again, and `stop()` waits for the run in progress, so a
 * graceful shutdown never cuts one in half.
 *
 * Each run is a trace of its own (a root span named after the job): what it logs and the
 * events it writes to the outbox carry its trace context (`traceparent`), as a request's do.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: Error) => void,
    /** Span name of a run, e.g. `close due rounds`. */
    private readonly name = 'periodic job',
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runNow(), this.everyMs);
  }

  /** Runs the job now unless a run is in progress; resolves when that run is over. */
  runNow(): Promise<void> {
    this.running ??= this.traced()
      .then(
        () => undefined,
        (e: Error) => this.onError(e),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run inside a root span: a timer tick belongs to no request's trace. */
  private traced(): Promise<unknown> {
    return tracer.startActiveSpan(this.name, { root: true }, ROOT_CONTEXT, async (span) => {
      try {
        return await this.run();
      } catch (e) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
        throw e;
      } finally {
        span.end();
      }
    });
  }
}
