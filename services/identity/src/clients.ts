import { existsSync, readFileSync } from 'node:fs';

/** An outside system using client_credentials, with its named scopes (ClientScope). */
export interface IntegrationClient {
  client_id: string;
  client_secret: string;
  scopes: string[];
}

export const INTEGRATION_SCOPES = [
  'applications:submit',
  'exam-scores:publish',
  'statements:import',
  'payments:read',
  'master-data:read',
];

export function readClients(file: string | undefined): IntegrationClient[] {
  if (!file || !existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as IntegrationClient[];
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a JSON array of clients`);
  for (const c of raw) {
    if (!c.client_id || !c.client_secret || c.client_secret.length < 32)
      throw new Error(
        `${file}: client ${c.client_id}: client_id and a client_secret of 32+ characters are required`,
      );
    const unknown = c.scopes.find((s) => !INTEGRATION_SCOPES.includes(s));
    if (unknown) throw new Error(`${file}: client ${c.client_id}: unknown scope ${unknown}`);
  }
  return raw;
}
