/** The machine a bench ran on, for its report (the figures mean little without it). */
import { cpus, loadavg } from 'node:os';

/** Cores and CPU model. */
export const machineCores = () => ({ cores: cpus().length, cpu: cpus()[0]?.model ?? '?' });

/** The 1, 5 and 15 minute load averages (other work on the machine lowers the figures). */
export const loadAverage = (rounded = false): number[] =>
  rounded ? loadavg().map((x) => Math.round(x * 100) / 100) : loadavg();
