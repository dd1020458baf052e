import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** What a service's OpenAPI document says about it (title and description of /docs). */
export interface ApiInfo {
  title: string;
  description: string;
}

/** The document's frame, the same at /docs and in docs/openapi/<service>.json. */
export function openApiFrame(info: ApiInfo): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion('1.0')
    .addBearerAuth()
    .build();
}

/**
 * A service's OpenAPI document without Kafka, PostgreSQL or Redis: the app is created in Nest's
 * preview mode, which scans the modules and their controllers' metadata but instantiates no
 * provider (no pool, no producer, no Redis client) and runs no lifecycle hook. The module is
 * given a configuration whose connection strings are never used.
 */
export async function renderOpenApi(module: DynamicModule, info: ApiInfo): Promise<string> {
  const app = await NestFactory.create(module, {
    bodyParser: false, // as HTTP_APP_OPTIONS (bootstrap.ts imports this file)
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const doc = SwaggerModule.createDocument(app, openApiFrame(info));
    return `${JSON.stringify(doc, null, 2)}\n`;
  } finally {
    await app.close();
  }
}

/** Where a service's document is committed: docs/openapi/<service>.json at the repository root. */
export function openApiPath(service: string, root = findRepositoryRoot()): string {
  return join(root, 'docs', 'openapi', `${service}.json`);
}

/** The committed document (empty when there is none yet). */
export function committedOpenApi(service: string): string {
  try {
    return readFileSync(openApiPath(service), 'utf8');
  } catch {
    return '';
  }
}

/**
 * For a service's `cli/openapi.js`: writes docs/openapi/<service>.json (`npm run openapi` runs every
 * service's). The web app's API clients are typed from these files.
 */
export function writeOpenApi(service: string, document: string): string {
  const path = openApiPath(service);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, document);
  return path;
}

/**
 * Settings that satisfy a service's configuration schema without pointing at anything real: a
 * document is rendered in preview mode, where nothing connects.
 */
export const OPENAPI_RENDER_ENV: Record<string, string> = {
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
  KAFKA_BROKERS: '127.0.0.1:1',
  REDIS_URL: 'redis://127.0.0.1:1',
  AUTH_HMAC_SECRET: 'openapi-document-rendering-only-never-used',
};

function findRepositoryRoot(): string {
  // libs/service-kit/{src,dist}/openapi.(ts|js) → the repository root.
  return join(__dirname, '..', '..', '..');
}
