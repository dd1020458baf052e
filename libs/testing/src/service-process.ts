import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { constants as osConstants } from 'node:os';
import { REPO_ROOT } from './infrastructure';
import { waitFor } from './wait';

/**
 * A built service run as its own operating-system process, as in production
 * (`node services/<name>/dist/main.js`). Tests use it to cross real process boundaries:
 * one service publishes, another consumes.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private output = '';
  exitCode: number | null = null;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    private readonly entry = join(REPO_ROOT, 'services', name, 'dist', 'main.js'),
  ) {}

  get logs(): string {
    return this.output;
  }

  start(): this {
    this.output = '';
    this.exitCode = null;
    this.child = spawn(process.execPath, [this.entry], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (b: Buffer) => {
      this.output += b.toString();
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    this.child.stdout!.on('data', append);
    this.child.stderr!.on('data', append);
    this.child.on('exit', (code, signal) => {
      // As a shell reports it: 128 + signal number when the process ended by a signal.
      this.exitCode = code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 0);
    });
    return this;
  }

  /** Waits until the service's readiness probe answers 200. */
  async ready(baseUrl: string, timeoutMs = 45000): Promise<void> {
    await waitFor(
      async () => {
        if (this.exitCode !== null)
          throw new Error(`${this.name} exited with ${this.exitCode}:\n${this.output}`);
        const res = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs, intervalMs: 200, description: `${this.name} to be ready` },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.name} output ---\n${this.output.slice(-5000)}`);
    });
  }

  /** Waits for the process to end by itself; returns its exit code. */
  async exited(timeoutMs = 30000): Promise<number> {
    return waitFor(() => (this.exitCode === null ? undefined : this.exitCode), {
      timeoutMs,
      description: `${this.name} to exit`,
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15000): Promise<void> {
    if (!this.child || this.exitCode !== null) return;
    this.child.kill(signal);
    try {
      await this.exited(timeoutMs);
    } catch {
      this.child.kill('SIGKILL');
      await this.exited(5000);
    }
  }
}

/** `KEY=VALUE` of a bench's `--service-env` option, split; throws on anything else. */
export function serviceEnvArg(text: string | undefined): [key: string, value: string] {
  const eq = (text ?? '').indexOf('=');
  if (eq < 1) throw new Error('--service-env needs KEY=VALUE');
  return [text!.slice(0, eq), text!.slice(eq + 1)];
}

/**
 * The benches' bare NestJS baseline (`bare-nest.ts`): its compiled entry, to run as a
 * ServiceProcess. From dist like the services' entries (tests load this file from src).
 */
export const BARE_NEST_ENTRY = join(REPO_ROOT, 'libs', 'testing', 'dist', 'bare-nest.js');
