import { OPENAPI_RENDER_ENV, renderOpenApi } from '@qn/service-kit';
import { API_INFO, AppModule } from './app.module';
import { paymentsConfigSchema } from './config';

const ENV = {
  ...OPENAPI_RENDER_ENV,
  // Gateway secrets the preview never uses (no provider is instantiated).
  VNPAY_HASH_SECRET: 'openapi-rendering-only-never-used-secret',
  MOMO_SECRET_KEY: 'openapi-rendering-only-never-used-secret',
};

/** This service's OpenAPI document, rendered without Kafka, PostgreSQL or Redis (preview mode). */
export const renderServiceOpenApi = (): Promise<string> =>
  renderOpenApi(AppModule.register(paymentsConfigSchema.parse(ENV)), API_INFO);
