import { exportSPKI, generateKeyPair } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { authConfigFromEnv, resolveKeySource } from './auth-config';
import { AuthConfigError } from './errors';

const SECRET = 'local-demo-secret-0123456789abcdef';

describe('resolveKeySource', () => {
  it('requires exactly one key source', () => {
    expect(() => resolveKeySource({})).toThrow(AuthConfigError);
    expect(() => resolveKeySource({ hmacSecret: '  ' })).toThrow(/one of/);
    expect(() =>
      resolveKeySource({ hmacSecret: SECRET, jwksUrl: 'https://id.example/jwks' }),
    ).toThrow(/only one/);
  });

  it('refuses a short HMAC secret', () => {
    expect(() => resolveKeySource({ hmacSecret: 'secret' })).toThrow(/at least 32 bytes/);
    expect(resolveKeySource({ hmacSecret: SECRET })).toMatchObject({
      kind: 'hmac',
      algorithms: ['HS256'],
    });
  });

  it('picks the algorithm from the PEM key type', async () => {
    const es = await generateKeyPair('ES256');
    expect(resolveKeySource({ publicKeyPem: await exportSPKI(es.publicKey) })).toMatchObject({
      kind: 'pem',
      algorithms: ['ES256'],
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(resolveKeySource({ publicKeyPem: pkcs1 })).toMatchObject({
      kind: 'pem',
      algorithms: ['RS256'],
    });
  });

  it('refuses private keys, unsupported curves and unreadable PEM', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const privatePem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => resolveKeySource({ publicKeyPem: privatePem })).toThrow(/private key/);
    const p384 = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => resolveKeySource({ publicKeyPem: p384 })).toThrow(/RSA \(RS256\) or P-256/);
    expect(() => resolveKeySource({ publicKeyPem: 'nope' })).toThrow(/not a readable PEM/);
  });

  it('validates the JWKS URL', () => {
    expect(() => resolveKeySource({ jwksUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => resolveKeySource({ jwksUrl: 'file:///etc/jwks.json' })).toThrow(/http\(s\)/);
    expect(resolveKeySource({ jwksUrl: 'https://id.example/.well-known/jwks.json' })).toMatchObject(
      { kind: 'jwks' },
    );
  });
});

describe('authConfigFromEnv', () => {
  it('reads AUTH_* variables, ignores empty ones and unescapes PEM newlines', () => {
    expect(
      authConfigFromEnv({
        AUTH_ISSUER: 'iss',
        AUTH_AUDIENCE: '',
        AUTH_PUBLIC_KEY_PEM: '-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----',
      }),
    ).toEqual({
      issuer: 'iss',
      publicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
    });
    expect(
      authConfigFromEnv({ AUTH_HMAC_SECRET: SECRET, AUTH_JWKS_URL: 'https://x/jwks' }),
    ).toEqual({ hmacSecret: SECRET, jwksUrl: 'https://x/jwks' });
  });
});
