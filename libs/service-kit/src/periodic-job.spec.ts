import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  it('runs on its interval, never two runs at once, and reports failures', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const errors: string[] = [];
    const job = new PeriodicJob(
      5,
      async () => {
        active++;
        most = Math.max(most, active);
        runs++;
        await new Promise((r) => setTimeout(r, 20)); // longer than the interval
        active--;
        if (runs === 2) throw new Error('second run failed');
      },
      (e) => errors.push(e.message),
    );
    job.start();
    // Until the third run has started (20 ms each on an idle machine; a loaded CI box is slower),
    // bounded so a job that never runs again still fails the assertions below.
    for (const deadline = Date.now() + 5000; runs < 3 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(3); // went on after the failure
    expect(most).toBe(1);
    expect(errors).toEqual(['second run failed']);
    const after = runs;
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(after); // stopped
  });

  it('stop() waits for the run in progress', async () => {
    let finished = false;
    const job = new PeriodicJob(
      1000,
      async () => {
        await new Promise((r) => setTimeout(r, 30));
        finished = true;
      },
      () => undefined,
    );
    void job.runNow();
    await job.stop();
    expect(finished).toBe(true);
  });
});
