/**
 * Writes the local demo's identity files (used by scripts/platform.sh, `npm start`, and by
 * compose's demo-loader, which writes the users after loading the demo province):
 *   node services/identity/dist/cli/demo-setup.js clients <clients.json>
 *     integration clients with random secrets (kept when the file exists)
 *   node services/identity/dist/cli/demo-setup.js users <users.json> <passwords.txt>
 *     one person of every role in the demo's org units (read from the registry at REGISTRY_URL
 *     with a province token: the identity provider's, DEMO_CLIENT_ID (compose), or one signed by
 *     AUTH_DEMO_SIGNING_KEY_FILE / AUTH_HMAC_SECRET (`npm start`)), random
 *     passwords (scrypt hashes in users.json, the passwords in passwords.txt, mode 600);
 *     kept when the files exist. Prints the passwords file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  demoClientToken,
  demoSigningSecret,
  demoTokenAudience,
  Role,
  signDemoToken,
} from '@qn/auth';
import type { IntegrationClient } from '../clients';
import { hashPassword, type DemoUser } from '../users';

const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
};

export const DEMO_CLIENTS: { client_id: string; scopes: string[] }[] = [
  { client_id: 'demo-portal', scopes: ['applications:submit'] },
  { client_id: 'demo-exam-board', scopes: ['exam-scores:publish'] },
  { client_id: 'demo-bank', scopes: ['statements:import'] },
  { client_id: 'demo-reader', scopes: ['payments:read', 'master-data:read'] },
];

function clients(file: string): void {
  if (existsSync(file)) return;
  const list: IntegrationClient[] = DEMO_CLIENTS.map((c) => ({
    ...c,
    client_secret: randomBytes(32).toString('hex'),
  }));
  write(file, JSON.stringify(list, null, 2));
}

/** A province token signed with the key the registry trusts (`npm start`). */
async function signedToken(): Promise<string> {
  const secret = demoSigningSecret();
  if (!secret)
    throw new Error('DEMO_CLIENT_ID, AUTH_DEMO_SIGNING_KEY_FILE or AUTH_HMAC_SECRET is required');
  return signDemoToken(secret, {
    sub: 'demo-identity-setup',
    roles: [Role.Province],
    expiresIn: '5m',
    ...demoTokenAudience(),
  });
}

interface Unit {
  id: string;
  name: string;
}

async function users(file: string, passwordsFile: string): Promise<void> {
  if (!existsSync(file) || !existsSync(passwordsFile)) {
    const registry = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
    const token = (await demoClientToken()) ?? (await signedToken());
    const today = new Date().toISOString().slice(0, 10);
    const first = async (query: string): Promise<Unit> => {
      const res = await fetch(`${registry}/org-units?asOf=${today}&limit=1&${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`registry: GET /org-units?${query}: ${res.status}`);
      const body = (await res.json()) as { items: Unit[] };
      if (!body.items[0]) throw new Error(`registry: no org unit for ${query}`);
      return body.items[0];
    };
    const province = await first('kind=province');
    const commune = await first(`kind=commune&parentId=${province.id}`);
    const school = await first(`kind=school&parentId=${commune.id}`);
    const people: [string, string, Role, Unit | null][] = [
      ['so-gddt', 'Chuyên viên Sở GDĐT Quảng Ninh', Role.Province, province],
      ['can-bo-xa', `Cán bộ ${commune.name}`, Role.Commune, commune],
      ['hieu-truong', `Hiệu trưởng ${school.name}`, Role.Principal, school],
      ['van-phong', `Nhân viên văn phòng ${school.name}`, Role.SchoolStaff, school],
      ['giao-vien', `Giáo viên ${school.name}`, Role.Teacher, school],
      ['phu-huynh', 'Phụ huynh học sinh (demo)', Role.Family, null],
    ];
    const lines: string[] = [];
    const list: DemoUser[] = people.map(([username, name, role, unit]) => {
      const password = randomBytes(9).toString('base64url');
      lines.push(
        `${username.padEnd(12)} ${password.padEnd(14)} ${role.padEnd(13)} ${unit ? unit.name : '—'}`,
      );
      return {
        username,
        passwordHash: hashPassword(password),
        sub: `demo-${username}`,
        name,
        roles: [role],
        org_unit_id: unit?.id ?? null,
      };
    });
    write(file, JSON.stringify(list, null, 2));
    write(passwordsFile, lines.join('\n') + '\n');
  }
  process.stdout.write(readFileSync(passwordsFile, 'utf8'));
}

async function main(argv: string[]): Promise<void> {
  const [command, file, passwords] = argv;
  if (command === 'clients' && file) return clients(file);
  if (command === 'users' && file && passwords) return users(file, passwords);
  throw new Error('usage: demo-setup clients <clients.json> | users <users.json> <passwords.txt>');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`identity demo-setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
