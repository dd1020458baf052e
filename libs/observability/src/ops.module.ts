import {
  Controller,
  DynamicModule,
  Get,
  Header,
  Headers,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  Optional,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
} from '@nestjs/terminus';
import { collectDefaultMetrics, Gauge, register } from 'prom-client';
import { JwtVerifier, Public } from '@qn/auth';
import { checkOpsAccess, OpsAccess } from './ops-access';
import { stopTelemetry } from './telemetry';

/**
 * A dependency checked by the readiness probe: resolves when healthy, throws with the reason
 * when not. `critical` (default true): without it the service cannot accept and commit work,
 * so the probe answers 503. A dependency that is not critical (the service goes on without it:
 * the outbox keeps events while Kafka is away, Redis is a cache) only makes it `degraded`.
 */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  critical?: boolean;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const METRICS_ACCESS = Symbol('METRICS_ACCESS');

/** Longest wait for one dependency in a readiness probe. */
const CHECK_TIMEOUT_MS = 3000;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // Cleared once answered: a pending timer per probe would keep a closing process (or test) alive.
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
};

/** qn_dependency_up{dependency}: 1 when the last readiness probe found it answering, else 0. */
function dependencyGauge(): Gauge<'dependency'> {
  return (
    (register.getSingleMetric('qn_dependency_up') as Gauge<'dependency'> | undefined) ??
    new Gauge({
      name: 'qn_dependency_up',
      help: 'Whether a dependency answered the last readiness probe (1) or not (0)',
      labelNames: ['dependency'],
    })
  );
}

interface Outcome {
  name: string;
  critical: boolean;
  error?: string;
}

/** Probes are public: orchestrators call them without a token. */
@Public()
@Controller('health')
export class HealthController {
  private readonly up = dependencyGauge();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /**
   * Liveness: the process works — this answers only while its event loop runs. Dependencies are
   * not checked, so an outage elsewhere never restarts it.
   */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Readiness: the service can accept and commit work. 503 when a critical dependency
   * (PostgreSQL) fails; 200 with `status: "degraded"` and the failing ones named (`degraded`,
   * `error`, `details`) when only others (Kafka, Redis) do — taking every replica out of a load
   * balancer for an outage they ride through would turn it into a full one.
   */
  @Get('ready')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<HealthCheckResult | ReadinessResult> {
    const outcomes = await Promise.all(this.checks.map((c) => this.probe(c)));
    const indicator = (o: Outcome) => async () => {
      const session = this.indicator.check(o.name);
      return o.error === undefined ? session.up() : session.down({ message: o.error });
    };
    // Terminus judges the critical ones; the others are reported beside them.
    let result: HealthCheckResult;
    try {
      result = await this.health.check(outcomes.filter((o) => o.critical).map(indicator));
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      // Answered here rather than through the problem filter: the body names what failed.
      res.status(503);
      result = err.getResponse() as HealthCheckResult;
    }
    const info = { ...result.info };
    const error = { ...result.error };
    const details = { ...result.details };
    const degraded: string[] = [];
    for (const o of outcomes.filter((x) => !x.critical)) {
      if (o.error === undefined) info[o.name] = details[o.name] = { status: 'up' };
      else {
        error[o.name] = details[o.name] = { status: 'down', message: o.error };
        degraded.push(o.name);
      }
    }
    if (result.status !== 'ok' || degraded.length === 0) return { ...result, info, error, details };
    return { status: 'degraded', degraded, info, error, details };
  }

  private async probe(c: ReadinessCheck): Promise<Outcome> {
    const critical = c.critical !== false;
    try {
      await withTimeout(c.check(), CHECK_TIMEOUT_MS);
      this.up.set({ dependency: c.name }, 1);
      return { name: c.name, critical };
    } catch (err) {
      this.up.set({ dependency: c.name }, 0);
      return { name: c.name, critical, error: (err as Error).message };
    }
  }
}

/** The readiness answer when only non-critical dependencies fail (HTTP 200). */
export type ReadinessResult = Omit<HealthCheckResult, 'status'> & {
  status: 'degraded';
  /** Names of the dependencies that failed. */
  degraded: string[];
};

/**
 * Prometheus scrape. Not open by default (it tells how busy each operation and consumer is):
 * the scraper sends METRICS_TOKEN as a bearer token, an operator a province token; the route is
 * @Public only so that the static token is not refused by the JWT guard.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_ACCESS) private readonly access: OpsAccess,
    @Optional() private readonly verifier?: JwtVerifier,
  ) {}

  @Get()
  @Header('Content-Type', register.contentType)
  async metrics(@Headers('authorization') authorization?: string): Promise<string> {
    await checkOpsAccess(authorization, this.access, this.verifier);
    return register.metrics();
  }
}

/**
 * Stops OpenTelemetry with the application (SIGTERM included: services enable Nest's shutdown
 * hooks), so spans still buffered for the collector are exported instead of lost.
 */
@Injectable()
export class TelemetryShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTelemetry();
  }
}

let defaultsCollected = false;

/** /health/live, /health/ready (public) and /metrics (Prometheus text format, see OpsAccess). */
@Module({})
export class OpsModule {
  static forRoot(
    checksProvider: {
      useFactory: (...args: never[]) => ReadinessCheck[];
      inject: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
    },
    metricsAccess: OpsAccess = { public: false },
  ): DynamicModule {
    if (!defaultsCollected) {
      collectDefaultMetrics();
      defaultsCollected = true;
    }
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: READINESS_CHECKS, ...checksProvider },
        { provide: METRICS_ACCESS, useValue: metricsAccess },
        TelemetryShutdown,
      ],
    };
  }
}
