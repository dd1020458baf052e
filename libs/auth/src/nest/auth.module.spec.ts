import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { signDemoToken } from '../demo-token';
import { ORG_UNIT_ANCESTRY, OrgUnitAncestry } from '../org-scope';
import { Reach } from '../policy/policy';
import { Principal } from '../principal';
import { Role } from '../roles';
import { AuthModule } from './auth.module';
import { CurrentPrincipal, Policy, Public } from './decorators';
import { PolicyCoverage } from './policy-coverage';

const SECRET = 'local-demo-secret-0123456789abcdef';
const ISSUER = 'qn-demo';
const AUDIENCE = 'qn-platform';
const SCHOOL_A1 = '0190f0a0-0000-7000-8000-0000000000a1';
const SCHOOL_A2 = '0190f0a0-0000-7000-8000-0000000000a2';
const COMMUNE_A = '0190f0a0-0000-7000-8000-00000000000a';
const PROVINCE = '0190f0a0-0000-7000-8000-000000000001';
const PARENT: Record<string, string> = {
  [SCHOOL_A1]: COMMUNE_A,
  [SCHOOL_A2]: COMMUNE_A,
  [COMMUNE_A]: PROVINCE,
};

class MapAncestry implements OrgUnitAncestry {
  async ancestorsOf(orgUnitId: string): Promise<string[]> {
    const result: string[] = [];
    for (let id = PARENT[orgUnitId]; id !== undefined; id = PARENT[id]) result.push(id);
    return result;
  }
}

const READ_ME = {
  action: 'read',
  resource: 'me',
  users: { teacher: Reach.All, province: Reach.All, commune: Reach.All },
};

@Controller()
class DemoController {
  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('me')
  @Policy(READ_ME)
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Policy({
    action: 'read',
    resource: 'report',
    users: { province: Reach.All, commune: Reach.Unit },
  })
  @Get('reports')
  reports(): { ok: true } {
    return { ok: true };
  }

  @Get('schools/:id')
  @Policy({
    action: 'read',
    resource: 'school',
    users: { province: Reach.All, commune: Reach.Unit, teacher: Reach.Unit },
    target: { orgUnitParam: 'id' },
  })
  async school(@Param('id') id: string): Promise<{ id: string }> {
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
  providers: [{ provide: ORG_UNIT_ANCESTRY, useClass: MapAncestry }],
  exports: [ORG_UNIT_ANCESTRY],
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
      .auth(await token([Role.Teacher], SCHOOL_A1, { expiresIn: -120 }), { type: 'bearer' })
      .expect(401);
    expect(expired.body.detail).toBe('token has expired');
    const aud = await request(server)
      .get('/me')
      .auth(await token([Role.Teacher], SCHOOL_A1, { audience: 'other' }), { type: 'bearer' })
      .expect(401);
    expect(aud.body.detail).toMatch(/"aud"/);
  });

  it('injects the principal for a valid token', async () => {
    const res = await request(app.getHttpServer())
      .get('/me')
      .auth(await token([Role.Teacher], SCHOOL_A1), { type: 'bearer' })
      .expect(200);
    expect(res.body).toEqual({
      subject: 'u-1',
      roles: ['teacher'],
      orgUnitId: SCHOOL_A1,
      kind: 'user',
      scopes: [],
    });
  });

  it('answers 403 when the policy grants none of the roles and 200 when it does', async () => {
    const server = app.getHttpServer();
    const res = await request(server)
      .get('/reports')
      .auth(await token([Role.Teacher], SCHOOL_A1), { type: 'bearer' })
      .expect(403);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'requires one of the roles: province, commune',
    });
    await request(server)
      .get('/reports')
      .auth(await token([Role.Commune], COMMUNE_A), { type: 'bearer' })
      .expect(200);
    await request(server).get('/reports').expect(401);
  });

  it('enforces the org-unit scope of the path through the policy', async () => {
    const server = app.getHttpServer();
    const teacher = await token([Role.Teacher], SCHOOL_A1);
    await request(server)
      .get(`/schools/${SCHOOL_A1}`)
      .auth(teacher, { type: 'bearer' })
      .expect(200);
    await request(server)
      .get(`/schools/${SCHOOL_A2}`)
      .auth(teacher, { type: 'bearer' })
      .expect(403);
    await request(server)
      .get(`/schools/${SCHOOL_A2}`)
      .auth(await token([Role.Commune], COMMUNE_A), { type: 'bearer' })
      .expect(200);
    await request(server)
      .get(`/schools/${SCHOOL_A2}`)
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

  it('refuses a policy that grants nothing or names an unknown role or reach', () => {
    expect(() => Policy({ action: 'read', resource: 'x' })).toThrow(/grants nothing/);
    expect(() =>
      Policy({ action: 'read', resource: 'x', users: { admin: Reach.All } as never }),
    ).toThrow(/unknown user role "admin"/);
    expect(() =>
      Policy({ action: 'read', resource: 'x', users: { family: 'everything' as never } }),
    ).toThrow(/unknown reach/);
  });

  it('stops the app when a route has no policy', async () => {
    @Controller('open')
    class ForgotPolicy {
      @Get()
      open(): string {
        return 'oops';
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ hmacSecret: SECRET })],
      controllers: [ForgotPolicy],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      /GET \/open \(ForgotPolicy\.open\) has no authorization @Policy/,
    );
    await app.close();
  });

  it('stops the app when a route targets a resource nobody can locate', async () => {
    @Controller('things')
    class NoLocator {
      @Get(':id')
      @Policy({
        action: 'read',
        resource: 'thing',
        users: { province: Reach.All },
        target: { idParam: 'id' },
      })
      get(): string {
        return 'x';
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ hmacSecret: SECRET })],
      controllers: [NoLocator],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(/needs a resource locator for "thing"/);
    await app.close();
  });

  it('lists every route with its policy', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ hmacSecret: SECRET }), FeatureModule],
    }).compile();
    const routes = moduleRef.get(PolicyCoverage).routes();
    expect(
      routes
        .map((r) => `${r.method} ${r.path} ${r.isPublic ? 'public' : r.policy?.resource}`)
        .sort(),
    ).toEqual([
      'GET /docs public',
      'GET /docs/whoami public',
      'GET /health public',
      'GET /me me',
      'GET /reports report',
      'GET /schools/:id school',
    ]);
  });
});
