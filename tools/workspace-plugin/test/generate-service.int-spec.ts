import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The service generator end to end, as a developer uses it: in a copy of this working tree,
 * `nx g @qn/workspace-plugin:service` creates a service; the copy then passes the project's lint
 * (boundaries, types, eslint, prettier), builds with Nx, and the new service passes its own
 * smoke test against the real broker, PostgreSQL and Redis of this run.
 */
const ROOT = join(__dirname, '../../..');
const NAME = 'generated-check';

/**
 * The installed packages, shared; the workspace's own (`@qn/*`, relative links) point into the
 * copy, so the new service runs against the copy's libraries.
 */
function linkNodeModules(from: string, to: string): void {
  mkdirSync(join(to, '@qn'), { recursive: true });
  for (const entry of readdirSync(from))
    if (entry !== '@qn') symlinkSync(join(from, entry), join(to, entry));
  for (const entry of readdirSync(join(from, '@qn')))
    symlinkSync(readlinkSync(join(from, '@qn', entry)), join(to, '@qn', entry));
}

describe('nx g @qn/workspace-plugin:service', () => {
  let copy: string;
  const run = (cmd: string, args: string[], extra: ExecFileSyncOptions = {}) =>
    execFileSync(cmd, args, {
      cwd: copy,
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 256 << 20,
      ...extra,
      // CI may force colours on; the assertions read plain text.
      env: { ...(extra.env ?? process.env), FORCE_COLOR: '0', NO_COLOR: '1' },
    });

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'qn-generator-'));
    // The working tree as it is (tracked and new files), without build output or caches.
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: ROOT,
    });
    const archive = execFileSync('tar', ['--null', '-T', '-', '-cf', '-'], {
      cwd: ROOT,
      input: files,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-xf', '-', '-C', copy], { input: archive });
    linkNodeModules(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    // A workspace whose dependencies could not be hoisted has its own node_modules (apps/web).
    for (const group of ['apps', 'libs', 'services'])
      for (const ws of existsSync(join(ROOT, group)) ? readdirSync(join(ROOT, group)) : []) {
        const own = join(ROOT, group, ws, 'node_modules');
        if (existsSync(own) && existsSync(join(copy, group, ws)))
          symlinkSync(own, join(copy, group, ws, 'node_modules'));
      }
    // The broker's jars and state: the copy's local-kafka.sh then adds the new principal to the
    // broker this run uses.
    const kafkaCache = join(ROOT, 'deploy/kafka/.cache');
    if (existsSync(kafkaCache)) symlinkSync(kafkaCache, join(copy, 'deploy/kafka/.cache'));
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('creates a service that passes lint, builds, and passes its own smoke test', () => {
    const created = stripVTControlCharacters(
      run('nx', ['g', '@qn/workspace-plugin:service', NAME, '--no-interactive']) as string,
    );
    expect(created).toContain(`CREATE services/${NAME}/src/app.module.ts`);

    run('npm', ['run', '-s', 'lint']);
    run('nx', ['run', `${NAME}:build`, '--output-style=static']);
    if (process.env.KAFKA_BROKERS) {
      const port = process.env.KAFKA_BROKERS.split(',')[0].split(':')[1];
      run('bash', ['deploy/kafka/local-kafka.sh', 'start'], {
        env: { ...process.env, KAFKA_PORT: port },
      });
    }
    // Throws with Jest's report when a test of the new service fails.
    run('npx', ['jest', '--runInBand', `services/${NAME}`]);
  }, 900_000);
});
