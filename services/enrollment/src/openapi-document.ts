import { OPENAPI_RENDER_ENV, renderOpenApi } from '@qn/service-kit';
import { API_INFO, AppModule } from './app.module';
import { enrollmentConfigSchema } from './config';

const ENV = {
  ...OPENAPI_RENDER_ENV,
  // Keys the preview never uses (no provider is instantiated), of the shape the schema asks.
  PERSONAL_ID_HASH_KEY: '0'.repeat(64),
  PERSONAL_ID_ENCRYPTION_KEY: '0'.repeat(64),
};

/** This service's OpenAPI document, rendered without Kafka, PostgreSQL or Redis (preview mode). */
export const renderServiceOpenApi = (): Promise<string> =>
  renderOpenApi(AppModule.register(enrollmentConfigSchema.parse(ENV)), API_INFO);
