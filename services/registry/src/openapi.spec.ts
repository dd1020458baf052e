import { committedOpenApi } from '@qn/service-kit';
import { SERVICE_NAME } from './app.module';
import { renderServiceOpenApi } from './openapi-document';

describe('docs/openapi/registry.json', () => {
  it('is the document the service serves at /docs (regenerate with `npm run openapi`)', async () => {
    expect(committedOpenApi(SERVICE_NAME)).toBe(await renderServiceOpenApi());
  });
});
