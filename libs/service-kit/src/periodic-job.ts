/**
 * A job a service runs every few seconds or hours (closing rounds, housekeeping): at most one
 * run at a time — a tick that finds the previous run still going is skipped — a failed run is
 * reported and the next tick tries again, and `stop()` waits for the run in progress, so a
 * graceful shutdown never cuts one in half.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runNow(), this.everyMs);
  }

  /** Runs the job now unless a run is in progress; resolves when that run is over. */
  runNow(): Promise<void> {
    this.running ??= this.run()
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
}
