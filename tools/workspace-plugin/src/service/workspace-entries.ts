/**
 * The edits a new service makes outside its folder, as pure functions of the files' text (unit
 * tested against the real files). Each refuses loudly when its anchor is gone, so a changed file
 * breaks the generator's test instead of generating a half-registered service.
 */

function anchored(source: string, pattern: RegExp, what: string): RegExpExecArray {
  const m = pattern.exec(source);
  if (!m) throw new Error(`workspace-plugin: cannot find ${what}; update the service generator`);
  return m;
}

/** `PlatformServices` in libs/contracts: the service's name (its Kafka principal and source). */
export function addPlatformService(source: string, key: string, name: string): string {
  const m = anchored(
    source,
    /export const PlatformServices = \{\n([\s\S]*?)\n\} as const;/,
    'PlatformServices',
  );
  if (m[1].includes(`'${name}'`)) return source;
  const body = `${m[1]}\n  ${key}: '${name}',`;
  return source.replace(m[0], `export const PlatformServices = {\n${body}\n} as const;`);
}

/** The local broker's principals: one per platform service, before the outside publishers. */
export function addPrincipal(script: string, name: string): string {
  const m = anchored(script, /^PRINCIPALS="([^"]*)"$/m, 'PRINCIPALS in local-kafka.sh');
  const list = m[1].split(/\s+/);
  if (list.includes(name)) return script;
  const firstOutside = list.findIndex((p) => p.startsWith('demo-'));
  list.splice(firstOutside < 0 ? list.length : firstOutside, 0, name);
  return script.replace(m[0], `PRINCIPALS="${list.join(' ')}"`);
}

const SERVICES = /^SERVICES=\(([^)]*)\)$/m;

/** The next local port after the services `npm start` runs (3001, 3002, ... in order). */
export function nextPort(platformScript: string): number {
  const m = anchored(platformScript, SERVICES, 'SERVICES in scripts/platform.sh');
  const ports = [...m[1].matchAll(/:(\d+)"/g)].map((p) => Number(p[1]));
  return Math.max(3000, ...ports) + 1;
}

/** `npm start` starts and waits for every service listed in SERVICES=(name:port ...). */
export function addStartedService(platformScript: string, name: string, port: number): string {
  const m = anchored(platformScript, SERVICES, 'SERVICES in scripts/platform.sh');
  if (m[1].includes(`"${name}:`)) return platformScript;
  return platformScript.replace(m[0], `SERVICES=(${m[1]} "${name}:${port}")`);
}
