import { decodeJwt, decodeProtectedHeader } from 'jose';
import { main, parseIssueArgs, UsageError } from './cli/issue-demo-token';
import { demoTokenAudience, signDemoToken } from './demo-token';
import { serviceConfigSchema } from '@qn/config';
import { JwtVerifier } from './jwt-verifier';
import type { Role } from './roles';

const SECRET = 'local-demo-secret-0123456789abcdef';
const ORG = '0190f0a0-0000-7000-8000-000000000002';

describe('signDemoToken', () => {
  it('issues an HS256 token with the platform claims', async () => {
    const token = await signDemoToken(SECRET, {
      sub: 's',
      roles: ['commune'],
      orgUnitId: ORG,
      name: 'A',
      issuer: 'i',
      audience: 'a',
      expiresIn: '2h',
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 's',
      roles: ['commune'],
      org_unit_id: ORG,
      name: 'A',
      iss: 'i',
      aud: 'a',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(7200);
  });

  it('refuses a short secret, no roles and unknown roles', async () => {
    await expect(signDemoToken('short', { sub: 's', roles: ['family'] })).rejects.toThrow(
      /32 bytes/,
    );
    await expect(signDemoToken(SECRET, { sub: 's', roles: [] })).rejects.toThrow(
      /at least one role/,
    );
    await expect(signDemoToken(SECRET, { sub: 's', roles: ['admin' as Role] })).rejects.toThrow(
      /unknown role/,
    );
  });
});

describe('issue-demo-token CLI', () => {
  const env = { AUTH_HMAC_SECRET: SECRET, AUTH_ISSUER: 'iss', AUTH_AUDIENCE: 'aud' };

  it('parses roles, org, sub and env', () => {
    expect(
      parseIssueArgs(
        [
          '--role',
          'teacher,principal',
          '--role',
          'family',
          '--org',
          ORG,
          '--sub',
          'x',
          '--expires-in',
          '8h',
        ],
        env,
      ),
    ).toEqual({
      secret: SECRET,
      options: {
        sub: 'x',
        roles: ['teacher', 'principal', 'family'],
        orgUnitId: ORG,
        expiresIn: '8h',
        issuer: 'iss',
        audience: 'aud',
      },
    });
  });

  it('rejects bad input', () => {
    expect(() => parseIssueArgs(['--role', 'province', '--sub', 'x'], {})).toThrow(
      'AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is not set',
    );
    expect(() => parseIssueArgs(['--role', 'province'], env)).toThrow('--sub is required');
    expect(() => parseIssueArgs(['--sub', 'x'], env)).toThrow('at least one --role is required');
    expect(() => parseIssueArgs(['--role', 'admin', '--sub', 'x'], env)).toThrow(
      'unknown role "admin"',
    );
    expect(() => parseIssueArgs(['--bogus'], env)).toThrow(UsageError);
  });

  it('prints a token the verifier accepts', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(main(['--role', 'province', '--org', ORG, '--sub', 'x'], env)).resolves.toBe(0);
      const token = String(write.mock.calls[0]?.[0]).trim();
      const verifier = new JwtVerifier({ hmacSecret: SECRET, issuer: 'iss', audience: 'aud' });
      await expect(verifier.verify(token)).resolves.toEqual({
        subject: 'x',
        roles: ['province'],
        orgUnitId: ORG,
        kind: 'user',
        scopes: [],
      });
    } finally {
      write.mockRestore();
    }
  });

  it('exits with 2 on a usage error', async () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(main(['--sub', 'x'], env)).resolves.toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});

describe('demoTokenAudience', () => {
  it('names what the services accept: their AUTH_ISSUER and AUTH_AUDIENCE, else their defaults', () => {
    const defaults = serviceConfigSchema.shape;
    expect(demoTokenAudience({})).toEqual({
      issuer: defaults.AUTH_ISSUER.parse(undefined),
      audience: defaults.AUTH_AUDIENCE.parse(undefined),
    });
    expect(demoTokenAudience({ AUTH_ISSUER: 'https://sso.example', AUTH_AUDIENCE: 'qn' })).toEqual({
      issuer: 'https://sso.example',
      audience: 'qn',
    });
  });
});

describe('signDemoToken with a P-256 private key (the local identity provider key)', () => {
  it('signs ES256 with the key thumbprint as kid, accepted by a verifier with the public key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { calculateJwkThumbprint, exportJWK } = await import('jose');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const token = await signDemoToken(pem, { sub: 'demo', roles: ['province'] });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'ES256',
      typ: 'JWT',
      kid: await calculateJwkThumbprint(await exportJWK(publicKey)),
    });
    const verifier = new JwtVerifier({
      publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'demo' });
  });

  it('reads the key file named by AUTH_DEMO_SIGNING_KEY_FILE before AUTH_HMAC_SECRET', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { demoSigningSecret } = await import('./demo-token');
    const file = join(mkdtempSync(join(tmpdir(), 'qn-key-')), 'key.pem');
    writeFileSync(file, 'PEM');
    expect(demoSigningSecret({ AUTH_DEMO_SIGNING_KEY_FILE: file, AUTH_HMAC_SECRET: SECRET })).toBe(
      'PEM',
    );
    expect(demoSigningSecret({ AUTH_HMAC_SECRET: SECRET })).toBe(SECRET);
    expect(demoSigningSecret({})).toBeUndefined();
  });
});
