// The npm registry reachable from the project's machines serves only Linux builds of packages
// that ship per-platform binaries (@swc/core-darwin-arm64 and the like answer 404 here), so
// `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock as out
// of sync. This adds the missing optional platform entries with their os/cpu (from the name),
// which npm skips on other platforms without fetching them.
// Run after `npm install` changes the lock: node scripts/lock-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = [
  'darwin',
  'win32',
  'freebsd',
  'linux',
  'android',
  'openbsd',
  'sunos',
  'aix',
  'netbsd',
  'openharmony',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];
let added = 0;
for (const [loc, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    // Where npm would look for it: beside the dependent, then up the tree.
    const base = loc === '' ? '' : `${loc}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((c) => lock.packages[c])) continue;
    const parts = name.split('/').pop().split('-');
    const os = OS.filter((o) => parts.includes(o));
    const cpu = CPU.filter((c) => parts.includes(c));
    if (!os.length) continue; // not a platform build: leave it to npm
    const entry = { version: version.replace(/^[\^~=]/, ''), optional: true, os };
    if (cpu.length) entry.cpu = cpu;
    if (parts.includes('musl')) entry.libc = ['musl'];
    else if (parts.includes('gnu') || parts.includes('gnueabihf')) entry.libc = ['glibc'];
    lock.packages[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform entries to ${path}`);
