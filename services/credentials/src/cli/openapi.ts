/**
 * Writes this service's OpenAPI document to docs/openapi/credentials.json without Kafka, PostgreSQL or
 * Redis: `node services/credentials/dist/cli/openapi.js` (`npm run openapi` runs every service's).
 */
import 'reflect-metadata';
import { writeOpenApi } from '@qn/service-kit';
import { SERVICE_NAME } from '../app.module';
import { renderServiceOpenApi } from '../openapi-document';

void renderServiceOpenApi().then(
  (doc) => console.log(`wrote ${writeOpenApi(SERVICE_NAME, doc)}`),
  (error: unknown) => {
    console.error(
      `credentials: openapi: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
