import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { PlatformServices } from '@qn/contracts';

/**
 * Every platform service has the same shape (README, "One way to build a service"), so someone
 * who knows one finds every part of another in the same place. The service generator
 * (tools/workspace-plugin) creates this shape; this test keeps the existing services in it.
 */
const ROOT = join(__dirname, '..');
/** Folders of src that are not features: start-up commands, migrations, the service's shared kernel. */
const NOT_FEATURES = new Set(['cli', 'database', 'shared']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe.each(Object.values(PlatformServices))('service %s', (name) => {
  const root = join(ROOT, 'services', name);
  const src = join(root, 'src');

  it('has the standard files', () => {
    const wanted = [
      'README.md',
      'package.json',
      'project.json',
      'tsconfig.build.json',
      'src/main.ts',
      'src/instrument.ts',
      'src/config.ts',
      'src/app.module.ts',
      'src/database/migrations.ts',
      'src/cli/migrate.ts',
    ];
    expect(wanted.filter((f) => !existsSync(join(root, f)))).toEqual([]);
    expect(files(join(root, 'test')).some((f) => f.endsWith('.int-spec.ts'))).toBe(true);
  });

  it('has one Nest module per feature folder, and the app module only imports them', () => {
    const features = readdirSync(src).filter(
      (entry) => statSync(join(src, entry)).isDirectory() && !NOT_FEATURES.has(entry),
    );
    expect(features.filter((f) => !existsSync(join(src, f, `${f}.module.ts`)))).toEqual([]);
    expect(readFileSync(join(src, 'app.module.ts'), 'utf8')).not.toMatch(/\bcontrollers\s*:/);
  });

  it('has no two source files of the same name', () => {
    const byName = new Map<string, string[]>();
    for (const f of files(src).filter((f) => !f.endsWith('.spec.ts')))
      byName.set(basename(f), [...(byName.get(basename(f)) ?? []), relative(src, f)]);
    expect([...byName.values()].filter((paths) => paths.length > 1)).toEqual([]);
  });

  it('keeps demo loaders and simulators out of src (they are not in the production image)', () => {
    expect(['demo', 'simulator'].filter((d) => existsSync(join(src, d)))).toEqual([]);
  });

  it('has a README that says what it owns, its events, endpoints and configuration', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const sections = ['What it owns', 'Events', 'Endpoints', 'Configuration'];
    expect(sections.filter((s) => !new RegExp(`^##.*${s}`, 'm').test(readme))).toEqual([]);
  });
});
