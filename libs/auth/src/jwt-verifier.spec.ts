import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import { signDemoToken } from './demo-token';
import { KeySourceUnavailableError, TokenRejectedError } from './errors';
import { JwtVerifier, MAX_VERIFIED_TOKENS, VERIFIED_TOKEN_TTL_MS } from './jwt-verifier';

const SECRET = 'local-demo-secret-0123456789abcdef';
const ISSUER = 'https://id.edu.quangninh.gov.vn';
const AUDIENCE = 'qn-platform';
const SCHOOL = '0190f0a0-0000-7000-8000-000000000001';

async function rejection(promise: Promise<unknown>): Promise<TokenRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return error as TokenRejectedError;
}

async function signEs256(
  key: CryptoKey,
  claims: JWTPayload,
  header: { kid?: string } = {},
  exp: number | string = '5m',
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', ...header })
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

describe('JwtVerifier with an HS256 shared secret', () => {
  const verifier = new JwtVerifier({ hmacSecret: SECRET, issuer: ISSUER, audience: AUDIENCE });
  const base = {
    sub: 'u-1',
    roles: ['teacher'] as const,
    orgUnitId: SCHOOL,
    issuer: ISSUER,
    audience: AUDIENCE,
  };

  it('accepts a valid token and maps its claims', async () => {
    const token = await signDemoToken(SECRET, {
      ...base,
      roles: ['teacher', 'principal'],
      name: 'Trần Thị B',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'u-1',
      roles: ['teacher', 'principal'],
      orgUnitId: SCHOOL,
      name: 'Trần Thị B',
      kind: 'user',
      scopes: [],
    });
  });

  it('rejects an expired token, allowing 30 s of clock skew', async () => {
    await expect(
      verifier.verify(await signDemoToken(SECRET, { ...base, expiresIn: -10 })),
    ).resolves.toMatchObject({ subject: 'u-1' });
    const error = await rejection(
      verifier.verify(await signDemoToken(SECRET, { ...base, expiresIn: -60 })),
    );
    expect(error.reason).toBe('token has expired');
  });

  it('rejects a token signed with another secret', async () => {
    const token = await signDemoToken('another-secret-0123456789abcdefghij', base);
    expect((await rejection(verifier.verify(token))).reason).toBe('token signature is invalid');
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await signDemoToken(SECRET, base)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'u-1', roles: ['province'], exp: 4102444800 }),
    ).toString('base64url');
    expect((await rejection(verifier.verify(`${header}.${forged}.${signature}`))).reason).toBe(
      'token signature is invalid',
    );
  });

  it('rejects the wrong audience and the wrong issuer', async () => {
    const wrongAud = await rejection(
      verifier.verify(await signDemoToken(SECRET, { ...base, audience: 'other-app' })),
    );
    expect(wrongAud.reason).toMatch(/claim "aud"/);
    const noAud = await rejection(
      verifier.verify(await signDemoToken(SECRET, { ...base, audience: undefined })),
    );
    expect(noAud.reason).toMatch(/"aud"/);
    const wrongIss = await rejection(
      verifier.verify(await signDemoToken(SECRET, { ...base, issuer: 'https://evil.example' })),
    );
    expect(wrongIss.reason).toMatch(/claim "iss"/);
  });

  it('does not check iss/aud when they are not configured', async () => {
    const lax = new JwtVerifier({ hmacSecret: SECRET });
    await expect(
      lax.verify(await signDemoToken(SECRET, { ...base, issuer: 'x', audience: 'y' })),
    ).resolves.toMatchObject({ subject: 'u-1' });
  });

  it('rejects unknown roles, a missing sub and a missing expiry', async () => {
    const key = new TextEncoder().encode(SECRET);
    const sign = (claims: JWTPayload, withExp = true): Promise<string> => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE);
      return (withExp ? jwt.setExpirationTime('5m') : jwt).sign(key);
    };
    expect(
      (await rejection(verifier.verify(await sign({ sub: 'u', roles: ['teacher', 'admin'] }))))
        .reason,
    ).toBe('unknown role "admin" in claim "roles"');
    expect((await rejection(verifier.verify(await sign({ roles: ['teacher'] })))).reason).toMatch(
      /"sub"/,
    );
    expect(
      (await rejection(verifier.verify(await sign({ sub: 'u', roles: ['teacher'] }, false))))
        .reason,
    ).toMatch(/"exp"/);
  });

  it('rejects tokens using another algorithm, including alg "none"', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const es = await signEs256(privateKey, {
      sub: 'u',
      roles: ['teacher'],
      iss: ISSUER,
      aud: AUDIENCE,
    });
    expect((await rejection(verifier.verify(es))).reason).toBe('token algorithm is not accepted');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","roles":["province"]}').toString('base64url')}.`;
    await rejection(verifier.verify(none));
  });

  it('rejects garbage', async () => {
    expect((await rejection(verifier.verify('not-a-jwt'))).reason).toBe('token is malformed');
  });
});

describe('JwtVerifier remembers verified tokens', () => {
  const base = { sub: 'u-2', roles: ['family'] as const, orgUnitId: SCHOOL };

  it('answers a repeated token from memory, with the same frozen principal', async () => {
    const verifier = new JwtVerifier({ hmacSecret: SECRET });
    const token = await signDemoToken(SECRET, { ...base, expiresIn: '1h' });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('stops accepting a remembered token once it expires (plus the clock tolerance)', async () => {
    let now = Date.now();
    const verifier = new JwtVerifier({ hmacSecret: SECRET }, () => now);
    const token = await signDemoToken(SECRET, { ...base, expiresIn: 20 }); // 20 s left
    await verifier.verify(token);
    now += 45_000; // 20 s + 30 s tolerance not yet over
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u-2' });
    now += 10_000;
    expect((await rejection(verifier.verify(token))).reason).toBe('token has expired');
  });

  it('checks the signature again after the cache lifetime', async () => {
    let now = Date.now();
    const verifier = new JwtVerifier({ hmacSecret: SECRET }, () => now);
    const token = await signDemoToken(SECRET, { ...base, expiresIn: '1h' });
    const first = await verifier.verify(token);
    now += VERIFIED_TOKEN_TTL_MS + 1;
    const again = await verifier.verify(token);
    expect(again).not.toBe(first); // verified anew
    expect(again).toEqual(first);
  });

  it('never remembers a rejected token and stays bounded', async () => {
    const verifier = new JwtVerifier({ hmacSecret: SECRET });
    const forged = await signDemoToken('another-secret-0123456789abcdef-0123', base);
    await rejection(verifier.verify(forged));
    await rejection(verifier.verify(forged));
    const verified = (verifier as unknown as { verified: Map<string, unknown> }).verified;
    expect(verified.size).toBe(0);
    const oldest = await signDemoToken(SECRET, { ...base, sub: 'u-oldest' });
    await verifier.verify(oldest);
    for (let i = 0; i < MAX_VERIFIED_TOKENS - 1; i++)
      verified.set(`filler-${i}`, { principal: {}, until: Number.MAX_SAFE_INTEGER });
    await verifier.verify(await signDemoToken(SECRET, { ...base, sub: 'u-newest' }));
    expect(verified.size).toBe(MAX_VERIFIED_TOKENS);
    expect(verified.has(oldest)).toBe(false);
  });
});

describe('JwtVerifier with an ES256 public key (PEM)', () => {
  let privateKey: CryptoKey;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    verifier = new JwtVerifier({
      publicKeyPem: await exportSPKI(pair.publicKey),
      audience: AUDIENCE,
    });
  });

  it('accepts a token signed with the matching private key', async () => {
    const token = await signEs256(privateKey, {
      sub: 'client-tuyensinh',
      roles: ['integration-client'],
      aud: AUDIENCE,
      org_unit_id: null,
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'client-tuyensinh',
      roles: ['integration-client'],
      orgUnitId: null,
      kind: 'client',
      scopes: [],
    });
  });

  it('rejects a token from another key pair, an expired one and a wrong audience', async () => {
    const other = await generateKeyPair('ES256');
    const claims = { sub: 'u', roles: ['teacher'], aud: AUDIENCE };
    expect(
      (await rejection(verifier.verify(await signEs256(other.privateKey, claims)))).reason,
    ).toBe('token signature is invalid');
    const past = Math.floor(Date.now() / 1000) - 120;
    expect(
      (await rejection(verifier.verify(await signEs256(privateKey, claims, {}, past)))).reason,
    ).toBe('token has expired');
    expect(
      (await rejection(verifier.verify(await signEs256(privateKey, { ...claims, aud: 'x' }))))
        .reason,
    ).toMatch(/"aud"/);
  });

  it('rejects an HS256 token (no algorithm confusion with the public key)', async () => {
    const token = await signDemoToken(SECRET, {
      sub: 'u',
      roles: ['province'],
      audience: AUDIENCE,
    });
    expect((await rejection(verifier.verify(token))).reason).toBe(
      'token algorithm is not accepted',
    );
  });
});

describe('JwtVerifier with an RS256 public key (PEM)', () => {
  it('accepts RS256 and refuses ES256', async () => {
    const rsa = await generateKeyPair('RS256');
    const verifier = new JwtVerifier({ publicKeyPem: await exportSPKI(rsa.publicKey) });
    const token = await new SignJWT({ sub: 'u', roles: ['commune'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
    await expect(verifier.verify(token)).resolves.toMatchObject({
      subject: 'u',
      roles: ['commune'],
    });
    const ec = await generateKeyPair('ES256');
    await rejection(
      verifier.verify(await signEs256(ec.privateKey, { sub: 'u', roles: ['commune'] })),
    );
  });
});

describe('JwtVerifier with a JWKS URL', () => {
  let server: Server;
  let baseUrl: string;
  let privateKey: CryptoKey;
  let serveKeys = true;
  let requests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwks = {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }],
    };
    server = createServer((_req, res) => {
      requests += 1;
      if (!serveKeys) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('verifies with the key selected by kid and caches the key set', async () => {
    serveKeys = true;
    const verifier = new JwtVerifier({ jwksUrl: `${baseUrl}/jwks.json`, issuer: ISSUER });
    const token = await signEs256(
      privateKey,
      { sub: 'u', roles: ['family'], org_unit_id: SCHOOL, iss: ISSUER },
      { kid: 'k1' },
    );
    const before = requests;
    await expect(verifier.verify(token)).resolves.toMatchObject({
      subject: 'u',
      roles: ['family'],
      orgUnitId: SCHOOL,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u' });
    expect(requests - before).toBe(1);
  });

  it('rejects a token whose kid is not in the key set', async () => {
    serveKeys = true;
    const verifier = new JwtVerifier({ jwksUrl: `${baseUrl}/jwks.json` });
    const other = await generateKeyPair('ES256');
    const token = await signEs256(
      other.privateKey,
      { sub: 'u', roles: ['family'] },
      { kid: 'unknown' },
    );
    expect((await rejection(verifier.verify(token))).reason).toBe('no known key matches the token');
  });

  it('reports an unreachable key set as KeySourceUnavailableError, not as a bad token', async () => {
    serveKeys = false;
    const verifier = new JwtVerifier({ jwksUrl: `${baseUrl}/jwks.json` });
    const token = await signEs256(privateKey, { sub: 'u', roles: ['family'] }, { kid: 'k1' });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(KeySourceUnavailableError);
    serveKeys = true;
  });
});
