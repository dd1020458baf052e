import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { signDemoToken } from '../demo-token';
import { ORG_UNIT_ANCESTRY, OrgScopeService, OrgUnitAncestry } from '../org-scope';
import { Principal } from '../principal';
import { Role } from '../roles';
import { AuthModule } from './auth.module';
import { CurrentPrincipal, Public, Roles } from './decorators';

const SECRET = 'local-demo-secret-0123456789abcdef';
const ISSUER = 'qn-demo';
const AUDIENCE = 'qn-platform';
const PARENT: Record<string, string> = {
  schoolA1: 'communeA',
  schoolA2: 'communeA',
  communeA: 'province',
};

class MapAncestry implements OrgUnitAncestry {
  async ancestorsOf(orgUnitId: string): Promise<string[]> {
    const result: string[] = [];
    for (let id = PARENT[orgUnitId]; id !== undefined; id = PARENT[id]) result.push(id);
    return result;
  }
}

@Controller()
class DemoController {
  constructor(private readonly scope: OrgScopeService) {}

  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Roles(Role.Province, Role.Commune)
  @Get('reports')
  reports(): { ok: true } {
    return { ok: true };
  }

  @Get('schools/:id')
  async school(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<{ id: string }> {
    await this.scope.assertCanAccess(principal, id);
    return { id };
  }
}

@Public()
@Controller('docs')
class DocsController {
  @Get()
  docs(): string {
    return 'docs';
  }

  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

@Module({
  controllers: [DemoController, DocsController],
  providers: [OrgScopeService, { provide: ORG_UNIT_ANCESTRY, useClass: MapAncestry }],
})
class FeatureModule {}

describe('AuthModule guards in a Nest app', () => {
  let app: INestApplication;
  const token = (
    roles: Role[],
    orgUnitId: string | null,
    extra: { audience?: string; expiresIn?: number } = {},
  ): Promise<string> =>
    signDemoToken(SECRET, {
      sub: 'u-1',
      roles,
      orgUnitId,
      issuer: ISSUER,
      audience: AUDIENCE,
      ...extra,
    });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({ hmacSecret: SECRET, issuer: ISSUER, audience: AUDIENCE }),
        FeatureModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets public routes through without a token', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
    await request(app.getHttpServer()).get('/docs').expect(200);
  });

  it('answers 401 with a problem body when the token is missing', async () => {
    const res = await request(app.getHttpServer()).get('/me').expect(401);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'missing bearer token',
    });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers 401 for a non-bearer header, a bad token, an expired token and a wrong audience', async () => {
    const server = app.getHttpServer();
    const basic = await request(server).get('/me').set('Authorization', 'Basic dTpw').expect(401);
    expect(basic.body.detail).toBe('Authorization header is not a bearer token');
    const garbage = await request(server)
      .get('/me')
      .set('Authorization', 'Bearer abc.def.ghi')
      .expect(401);
    expect(garbage.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(garbage.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const expired = await request(server)
      .get('/me')
      .auth(await token([Role.Teacher], 'schoolA1', { expiresIn: -120 }), { type: 'bearer' })
      .expect(401);
    expect(expired.body.detail).toBe('token has expired');
    const aud = await request(server)
      .get('/me')
      .auth(await token([Role.Teacher], 'schoolA1', { audience: 'other' }), { type: 'bearer' })
      .expect(401);
    expect(aud.body.detail).toMatch(/"aud"/);
  });

  it('injects the principal for a valid token', async () => {
    const res = await request(app.getHttpServer())
      .get('/me')
      .auth(await token([Role.Teacher], 'schoolA1'), { type: 'bearer' })
      .expect(200);
    expect(res.body).toEqual({ subject: 'u-1', roles: ['teacher'], orgUnitId: 'schoolA1' });
  });

  it('answers 403 when @Roles is not satisfied and 200 when it is', async () => {
    const server = app.getHttpServer();
    const res = await request(server)
      .get('/reports')
      .auth(await token([Role.Teacher], 'schoolA1'), { type: 'bearer' })
      .expect(403);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'requires one of the roles: province, commune',
    });
    await request(server)
      .get('/reports')
      .auth(await token([Role.Commune], 'communeA'), { type: 'bearer' })
      .expect(200);
    await request(server).get('/reports').expect(401);
  });

  it('enforces the org-unit scope through OrgScopeService', async () => {
    const server = app.getHttpServer();
    const teacher = await token([Role.Teacher], 'schoolA1');
    await request(server).get('/schools/schoolA1').auth(teacher, { type: 'bearer' }).expect(200);
    await request(server).get('/schools/schoolA2').auth(teacher, { type: 'bearer' }).expect(403);
    await request(server)
      .get('/schools/schoolA2')
      .auth(await token([Role.Commune], 'communeA'), { type: 'bearer' })
      .expect(200);
    await request(server)
      .get('/schools/schoolA2')
      .auth(await token([Role.Province], null), { type: 'bearer' })
      .expect(200);
  });

  it('does not hand a public route an undefined principal', async () => {
    await request(app.getHttpServer()).get('/docs/whoami').expect(401);
  });
});

describe('AuthModule with an unreachable JWKS endpoint', () => {
  it('answers 503, not 401, so clients retry with the same token', async () => {
    // Port 1 refuses connections: the key set cannot be fetched.
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ jwksUrl: 'http://127.0.0.1:1/jwks.json' }), FeatureModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const { generateKeyPair, SignJWT } = await import('jose');
      const { privateKey } = await generateKeyPair('ES256');
      const jwt = await new SignJWT({ sub: 'u', roles: ['teacher'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setExpirationTime('5m')
        .sign(privateKey);
      const res = await request(app.getHttpServer())
        .get('/me')
        .auth(jwt, { type: 'bearer' })
        .expect(503);
      expect(res.body).toMatchObject({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
      });
    } finally {
      await app.close();
    }
  });
});

describe('AuthModule.forRoot', () => {
  it('fails at start-up without a usable key source (no way to disable auth)', () => {
    expect(() => AuthModule.forRoot({})).toThrow(/needs one of/);
    expect(() => AuthModule.forRoot({ hmacSecret: 'too-short' })).toThrow(/32 bytes/);
  });

  it('refuses an empty @Roles()', () => {
    expect(() => Roles()).toThrow(/at least one role/);
  });
});
