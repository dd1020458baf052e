import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DatabaseUnavailableError } from '@qn/persistence';
import { ProblemDetailsFilter, problemValidationPipe } from './problem-details';

export interface BootstrapOptions {
  service: string;
  title: string;
  description: string;
  port: number;
  host?: string;
}

/** Applies the platform's HTTP conventions to an app (also used by tests that build the app in-process). */
export function configureHttp(
  app: INestApplication,
  o: Pick<BootstrapOptions, 'title' | 'description'>,
): void {
  // Files some endpoints take as they come (score sheets, bank statements): text/csv as a string.
  (app as NestExpressApplication).useBodyParser('text', {
    type: ['text/csv', 'text/plain'],
    limit: '50mb',
  });
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle(o.title)
    .setDescription(o.description)
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
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
    const app = await NestFactory.create(module(), { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    configureHttp(app, o);
    await app.listen(o.port, o.host ?? '0.0.0.0');
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
