import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The contracts are shared by every service and by outside publishers' tooling, so they stay
 * plain TypeScript: no NestJS, TypeORM or Kafka client, only these small libraries.
 */
const ALLOWED = ['ajv', 'ajv-formats', 'uuid', 'zod', 'js-yaml'];

describe('libs/contracts', () => {
  it('imports no framework', () => {
    const files = (readdirSync(__dirname, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'),
    );
    const packages = new Set(
      files.flatMap((f) =>
        [
          ...readFileSync(join(__dirname, f), 'utf8').matchAll(
            /(?:\bfrom |^import |\brequire\()'([^.'][^']*)'/gm,
          ),
        ].map((m) => m[1]),
      ),
    );
    const foreign = [...packages].filter((p) => !p.startsWith('node:') && !ALLOWED.includes(p));
    expect(foreign).toEqual([]);
  });
});
