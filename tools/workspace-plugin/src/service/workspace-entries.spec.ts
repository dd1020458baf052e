import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPlatformService, addPrincipal, addStartedService, nextPort } from './workspace-entries';

const root = join(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the service generator edits the real workspace files', () => {
  it('adds the service to the contracts platform services, once', () => {
    const source = read('libs/contracts/src/platform-catalog.ts');
    const once = addPlatformService(source, 'gradeBook', 'grade-book');
    expect(once).toContain("  gradeBook: 'grade-book',\n} as const;");
    expect(addPlatformService(once, 'gradeBook', 'grade-book')).toBe(once);
  });

  it('adds a broker principal among the services, before the outside publishers', () => {
    const script = read('deploy/kafka/local-kafka.sh');
    const list = /^PRINCIPALS="([^"]*)"$/m.exec(addPrincipal(script, 'grade-book'))![1].split(' ');
    expect(list.indexOf('grade-book')).toBe(list.findIndex((p) => p.startsWith('demo-')) - 1);
    expect(list.filter((p) => p === 'grade-book')).toHaveLength(1);
  });

  it('starts the service in npm start on the next free port', () => {
    const script = read('scripts/platform.sh');
    const port = nextPort(script);
    const ports = [...script.matchAll(/"[a-z-]+:(\d+)"/g)].map((m) => Number(m[1]));
    expect(port).toBe(Math.max(...ports) + 1);
    const changed = addStartedService(script, 'grade-book', port);
    expect(changed).toContain(` "grade-book:${port}")`);
    expect(nextPort(changed)).toBe(port + 1);
  });

  it('refuses when an anchor is gone instead of half-registering the service', () => {
    expect(() => addPlatformService('export const Other = {};', 'x', 'x')).toThrow(
      /cannot find PlatformServices/,
    );
    expect(() => nextPort('#!/bin/bash')).toThrow(/cannot find SERVICES/);
  });
});
