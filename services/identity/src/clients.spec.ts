import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClients } from './clients';

describe('readClients', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qn-idp-clients-'));
  const secret = 'a'.repeat(48);
  const write = (clients: unknown) => {
    const file = join(dir, `clients-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(clients));
    return file;
  };

  it('reads a secret from client_secret_file (a committed clients file, a generated secret)', () => {
    const secretFile = join(dir, 'demo-loader');
    writeFileSync(secretFile, `${secret}\n`);
    const file = write([
      { client_id: 'demo-loader', client_secret_file: secretFile, roles: ['province'] },
    ]);
    expect(readClients(file)).toEqual([
      { client_id: 'demo-loader', client_secret: secret, scopes: [], roles: ['province'] },
    ]);
  });

  it('refuses short secrets, unknown scopes and non-person roles', () => {
    expect(() =>
      readClients(write([{ client_id: 'c', client_secret: 'short', scopes: [] }])),
    ).toThrow(/32\+ characters/);
    expect(() =>
      readClients(write([{ client_id: 'c', client_secret: secret, scopes: ['anything'] }])),
    ).toThrow(/unknown scope anything/);
    for (const roles of [[], ['integration-client'], ['admin']])
      expect(() =>
        readClients(write([{ client_id: 'c', client_secret: secret, scopes: [], roles }])),
      ).toThrow(/people's roles/);
  });
});
