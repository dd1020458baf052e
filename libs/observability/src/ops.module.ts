import {
  Controller,
  DynamicModule,
  Get,
  Header,
  Headers,
  Inject,
  Module,
  Optional,
} from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
} from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { JwtVerifier, Public } from '@qn/auth';
import { checkOpsAccess, OpsAccess } from './ops-access';

/** A dependency checked by the readiness probe: resolves when healthy, throws with the reason when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const METRICS_ACCESS = Symbol('METRICS_ACCESS');

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // Cleared once answered: a pending timer per probe would keep a closing process (or test) alive.
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
};

/** Probes are public: orchestrators call them without a token. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness: the process answers. Dependencies are not checked, so an outage elsewhere never restarts it. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: PostgreSQL, Kafka and Redis answer; 503 with the failing ones otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.checks.map((c) => async () => {
        const session = this.indicator.check(c.name);
        try {
          await withTimeout(c.check(), 3000);
          return session.up();
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      }),
    );
  }
}

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
      ],
    };
  }
}
