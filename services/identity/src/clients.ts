import { existsSync, readFileSync } from 'node:fs';
import { isRole, Role } from '@qn/auth';

/**
 * An outside system using client_credentials, with its named scopes (ClientScope). Its secret is
 * `client_secret`, or the content of `client_secret_file` (a mounted secret: the clients file of
 * the compose demo is committed, its secrets are not).
 */
export interface IntegrationClient {
  client_id: string;
  client_secret: string;
  scopes: string[];
  /**
   * Demo operators only (the compose demo loader): the client's tokens carry these person roles,
   * province-wide, instead of `integration-client` + scopes, the way a service account of the
   * province's provider would. No outside system is registered like this.
   */
  roles?: Role[];
}

export const INTEGRATION_SCOPES = [
  'applications:submit',
  'exam-scores:publish',
  'statements:import',
  'payments:read',
  'master-data:read',
];

type ClientEntry = Omit<IntegrationClient, 'client_secret'> & {
  client_secret?: string;
  client_secret_file?: string;
};

export function readClients(file: string | undefined): IntegrationClient[] {
  if (!file || !existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as ClientEntry[];
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a JSON array of clients`);
  return raw.map((c) => {
    const secret = c.client_secret_file
      ? readFileSync(c.client_secret_file, 'utf8').trim()
      : c.client_secret;
    if (!c.client_id || !secret || secret.length < 32)
      throw new Error(
        `${file}: client ${c.client_id}: client_id and a client_secret (or client_secret_file) of 32+ characters are required`,
      );
    const scopes = c.scopes ?? [];
    const unknown = scopes.find((s) => !INTEGRATION_SCOPES.includes(s));
    if (unknown) throw new Error(`${file}: client ${c.client_id}: unknown scope ${unknown}`);
    const roles = c.roles;
    if (
      roles !== undefined &&
      (!Array.isArray(roles) ||
        roles.length === 0 ||
        !roles.every((r) => isRole(r) && r !== Role.IntegrationClient))
    )
      throw new Error(`${file}: client ${c.client_id}: roles must be people's roles`);
    const { client_secret_file: _file, ...rest } = c;
    void _file;
    return { ...rest, client_secret: secret, scopes, ...(roles ? { roles } : {}) };
  });
}
