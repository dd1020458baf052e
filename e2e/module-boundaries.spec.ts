import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const depcruise = join(ROOT, 'node_modules', '.bin', 'depcruise');

interface CruiseResult {
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
}

function cruise(cwd: string, dirs: string[]): CruiseResult {
  let out: string;
  try {
    out = execFileSync(
      depcruise,
      ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...dirs],
      { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 },
    );
  } catch (err) {
    // depcruise exits non-zero when it finds errors; its JSON is still on stdout.
    out = (err as { stdout: string }).stdout;
  }
  return JSON.parse(out) as CruiseResult;
}

describe('module boundaries (dependency-cruiser, run by `npm run lint`)', () => {
  it('finds no service importing another service, and no library importing a service', () => {
    expect(cruise(ROOT, ['libs', 'services']).summary.violations).toEqual([]);
  });

  it('fails when a service imports another service or a library imports a service', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qn-boundaries-'));
    try {
      cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
      writeFileSync(
        join(dir, 'tsconfig.base.json'),
        JSON.stringify({ compilerOptions: { baseUrl: '.' } }),
      );
      for (const d of ['services/payments/src', 'services/enrollment/src', 'libs/shared/src'])
        mkdirSync(join(dir, d), { recursive: true });
      writeFileSync(join(dir, 'services/enrollment/src/seats.ts'), 'export const seats = 1;\n');
      writeFileSync(
        join(dir, 'services/payments/src/fees.ts'),
        "import { seats } from '../../enrollment/src/seats';\nexport const fee = seats * 2;\n",
      );
      writeFileSync(
        join(dir, 'libs/shared/src/util.ts'),
        "import { fee } from '../../../services/payments/src/fees';\nexport const x = fee;\n",
      );
      const violations = cruise(dir, ['libs', 'services']).summary.violations.map(
        (v) => `${v.rule.name}: ${v.from} → ${v.to}`,
      );
      expect(violations).toEqual(
        expect.arrayContaining([
          'no-cross-service-imports: services/payments/src/fees.ts → services/enrollment/src/seats.ts',
          'no-lib-to-service-imports: libs/shared/src/util.ts → services/payments/src/fees.ts',
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
