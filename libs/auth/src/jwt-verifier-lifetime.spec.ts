import { SignJWT } from 'jose';
import { authConfigFromEnv } from './auth-config';
import { signDemoToken } from './demo-token';
import { TokenRejectedError } from './errors';
import { JwtVerifier } from './jwt-verifier';

const SECRET = 'local-demo-secret-0123456789abcdef';
const base = { sub: 'u-1', roles: ['province'] as const };

describe('JwtVerifier: maximum token lifetime', () => {
  it('accepts tokens up to 12 h by default and refuses longer ones', async () => {
    const verifier = new JwtVerifier({ hmacSecret: SECRET });
    await expect(
      verifier.verify(await signDemoToken(SECRET, { ...base, expiresIn: '12h' })),
    ).resolves.toMatchObject({ subject: 'u-1' });
    const long = verifier.verify(await signDemoToken(SECRET, { ...base, expiresIn: '30d' }));
    await expect(long).rejects.toBeInstanceOf(TokenRejectedError);
    await expect(long).rejects.toThrow(/lifetime exceeds/);
  });

  it('measures a token without iat from now', async () => {
    const verifier = new JwtVerifier({ hmacSecret: SECRET, maxTokenLifetimeSeconds: 600 });
    const sign = (exp: string) =>
      new SignJWT({ roles: ['province'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u-2')
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(await sign('5m'))).resolves.toMatchObject({ subject: 'u-2' });
    await expect(verifier.verify(await sign('2h'))).rejects.toThrow(/lifetime exceeds/);
  });

  it('reads AUTH_MAX_TOKEN_LIFETIME', async () => {
    const config = authConfigFromEnv({ AUTH_HMAC_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME: '15m' });
    expect(config.maxTokenLifetimeSeconds).toBe(900);
    const verifier = new JwtVerifier(config);
    await expect(
      verifier.verify(await signDemoToken(SECRET, { ...base, expiresIn: '1h' })),
    ).rejects.toThrow(/lifetime exceeds the accepted maximum of 900 s/);
    expect(() => authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME: 'forever' })).toThrow(
      /AUTH_MAX_TOKEN_LIFETIME/,
    );
  });
});
