import { OPENAPI_RENDER_ENV, renderOpenApi } from '@qn/service-kit';
import { API_INFO, AppModule } from './app.module';
import { registryConfigSchema } from './config';

/** This service's OpenAPI document, rendered without Kafka, PostgreSQL or Redis (preview mode). */
export const renderServiceOpenApi = (): Promise<string> =>
  renderOpenApi(AppModule.register(registryConfigSchema.parse(OPENAPI_RENDER_ENV)), API_INFO);
