import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The app's API types are generated from the committed OpenAPI documents (`npm run openapi`
 * regenerates both). A document changed without its types fails here, as does a hand edit.
 */
describe('apps/web API types', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  it.each(['kpi-aggregator', 'enrollment', 'payments', 'records'])(
    'src/api/generated/%s.ts is generated from docs/openapi/%s.json',
    (service) => {
      const generated = execFileSync(
        process.execPath,
        [
          join(root, 'node_modules/openapi-typescript/bin/cli.js'),
          join(root, `docs/openapi/${service}.json`),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      expect(readFileSync(join(__dirname, 'generated', `${service}.ts`), 'utf8')).toBe(generated);
    },
  );
});
