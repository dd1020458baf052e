import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { SwaggerModule } from '@nestjs/swagger';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import helmet from 'helmet';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { JwtVerifier } from '@qn/auth';
import type { ServiceConfig } from '@qn/config';
import { MessagingService, MessagingTransport } from '@qn/messaging';
import { DatabaseUnavailableError } from '@qn/persistence';
import { ProblemDetailsFilter, problemValidationPipe } from './problem-details';
import { redisKey } from './redis';
import { REDIS, SERVICE_CONFIG } from './tokens';
import { docsAccess } from './http/docs-access';
import { httpSettings } from './http/http-settings';
import { RateLimitGuard } from './http/rate-limit.guard';
import { RequestBodyGuard } from './http/request-body.guard';
import { openApiFrame } from './openapi';

export interface BootstrapOptions {
  service: string;
  title: string;
  description: string;
  port: number;
  host?: string;
}

/** Options every app given to configureHttp must be created with (NestFactory or a testing module). */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const;

/**
 * Applies the platform's HTTP conventions to an app (also used by tests that build the app
 * in-process; create it with HTTP_APP_OPTIONS): security headers (helmet), CORS for the
 * configured origins only, /docs behind a province token unless DOCS_PUBLIC, rate limits per
 * client and route in Redis, request bodies read after authentication with size, media type,
 * charset, encoding, depth and control-character checks (RequestBodyGuard), validation and
 * problem+json errors, OpenAPI, shutdown hooks. Settings come from the service's configuration
 * (libs/config).
 */
export function configureHttp(
  app: INestApplication,
  o: Pick<BootstrapOptions, 'title' | 'description'>,
): void {
  // Express's own parsers would read and inflate every body before authentication.
  const appOptions = (app as unknown as { appOptions?: { bodyParser?: boolean } }).appOptions;
  if (appOptions?.bodyParser !== false) {
    throw new Error('configureHttp: create the app with HTTP_APP_OPTIONS ({ bodyParser: false })');
  }
  const config = app.get<ServiceConfig & { service: string }>(SERVICE_CONFIG, { strict: false });
  const settings = httpSettings(config);
  const verifier = app.get(JwtVerifier, { strict: false });

  // Before any guard reads req.ip (the rate limit of anonymous calls): the client's address
  // behind the proxies TRUST_PROXY names, else the connection's.
  if (settings.trustProxy !== undefined)
    (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set(
      'trust proxy',
      settings.trustProxy,
    );
  app.use(helmet());
  if (settings.corsOrigins.length > 0) {
    app.enableCors({
      origin: settings.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'traceparent'],
      exposedHeaders: ['Retry-After', 'Idempotent-Replayed', 'Location'],
      maxAge: 600,
    });
  }
  app.use(docsAccess({ public: settings.docsPublic }, verifier));

  // Run after the authentication and authorization guards (APP_GUARD ones come first).
  if (settings.rateLimit.enabled) {
    const keyPrefix = redisKey(config, 'ratelimit');
    app.useGlobalGuards(
      new RateLimitGuard(
        { ...settings.rateLimit, keyPrefix },
        new ThrottlerStorageRedisService(app.get<Redis>(REDIS, { strict: false })),
        app.get(Reflector),
      ),
    );
  }
  app.useGlobalGuards(
    new RequestBodyGuard({
      jsonLimit: settings.jsonLimit,
      textLimit: settings.textLimit,
      maxDepth: settings.maxDepth,
    }),
  );
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  const doc = openApiFrame(o);
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
}

/**
 * Starts an app configured by configureHttp (also used by tests that run a service in-process):
 * a hybrid app whose event consumers are the `@EventPattern` handlers of its `@ConsumerGroup`
 * controllers, through the messaging transport. Order as before the transport: modules
 * initialised (Kafka connected or left to the background retry, relay started), consumers
 * joined (or left to the retry while the broker is away), then HTTP. On close, Nest stops the
 * transport (consumers leave their groups) before the shutdown hooks close the relay, the
 * producer and the database pool.
 */
export async function listenService(
  app: INestApplication,
  port: number,
  host = '0.0.0.0',
): Promise<void> {
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: new MessagingTransport(app.get(MessagingService, { strict: false })) },
    // The HTTP guards, pipes and interceptors are not for events.
    { inheritAppConfig: false },
  );
  await app.init();
  await app.startAllMicroservices();
  await app.listen(port, host);
}

/**
 * Starts a service: Nest app with JSON logs, problem+json errors, OpenAPI at /docs, graceful
 * shutdown on SIGTERM/SIGINT. A start-up failure (database unreachable, Kafka down) prints one
 * clear line and exits with status 1 instead of a stack trace.
 */
export async function bootstrapService(
  module: () => DynamicModule,
  o: BootstrapOptions,
): Promise<INestApplication> {
  try {
    // Built here, inside the try: a module that rejects its configuration fails with one line too.
    const app = await NestFactory.create(module(), {
      ...HTTP_APP_OPTIONS,
      bufferLogs: true,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    configureHttp(app, o);
    await listenService(app, o.port, o.host);
    app.get(Logger).log(`${o.service} listening on port ${o.port}`);
    return app;
  } catch (err) {
    const reason =
      err instanceof DatabaseUnavailableError
        ? err.message
        : err instanceof Error
          ? err.message
          : String(err);
    console.error(`${o.service}: cannot start: ${reason}`);
    process.exit(1);
  }
}
