/**
 * Prints a demo HS256 token for local use:
 *   AUTH_HMAC_SECRET=... node libs/auth/dist/cli/issue-demo-token.js --role province --sub demo-so
 *   ... --role commune --org <uuid> --sub x --name "Nguyễn Văn A" --expires-in 8h
 * AUTH_ISSUER and AUTH_AUDIENCE, when set, go into `iss` / `aud` so the token matches the services.
 */
import { parseArgs } from 'node:util';
import { demoSigningSecret, signDemoToken, type DemoTokenOptions } from '../demo-token';
import { ALL_ROLES, isRole, type Role } from '../roles';

const USAGE = `usage: issue-demo-token --role <role> [--role <role>...] --sub <id> [--org <org-unit-uuid>] [--name <name>] [--scope <client scope>...] [--expires-in 1h]
roles: ${ALL_ROLES.join(', ')}
env: AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE (a PEM private key; required), AUTH_ISSUER, AUTH_AUDIENCE`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses arguments and environment into signing input; throws UsageError on anything wrong. */
export function parseIssueArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { secret: string; options: DemoTokenOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        role: { type: 'string', multiple: true },
        org: { type: 'string' },
        sub: { type: 'string' },
        name: { type: 'string' },
        scope: { type: 'string', multiple: true },
        'expires-in': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new UsageError(cause instanceof Error ? cause.message : String(cause));
  }

  const secret = demoSigningSecret(env);
  if (!secret) throw new UsageError('AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is not set');
  if (!values.sub) throw new UsageError('--sub is required');
  // Accept "--role a --role b" as well as "--role a,b".
  const rawRoles = (values.role ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (rawRoles.length === 0) throw new UsageError('at least one --role is required');
  const roles: Role[] = [];
  for (const role of rawRoles) {
    if (!isRole(role)) throw new UsageError(`unknown role "${role}"`);
    roles.push(role);
  }

  const options: DemoTokenOptions = { sub: values.sub, roles, orgUnitId: values.org ?? null };
  if (values.name !== undefined) options.name = values.name;
  if (values.scope?.length)
    options.scopes = values.scope.flatMap((v) => v.split(/[ ,]+/)).filter(Boolean);
  if (values['expires-in'] !== undefined) options.expiresIn = values['expires-in'];
  // Same defaults as the services' configuration (libs/config), so a local token just works.
  options.issuer = env['AUTH_ISSUER'] || 'qn-edu-local';
  options.audience = env['AUTH_AUDIENCE'] || 'qn-edu-platform';
  return { secret, options };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { secret, options } = parseIssueArgs(argv, env);
    process.stdout.write(`${await signDemoToken(secret, options)}\n`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) console.error(USAGE);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
