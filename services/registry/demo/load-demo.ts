/**
 * Loads the demo province into a running registry through its REST API, the way an operator
 * would: `node services/registry/demo/dist/demo/load-demo.js`. The whole tree (about 1,080 units
 * with their history) goes in one `POST /org-units/batch`, then the school years.
 * Environment: REGISTRY_URL (http://127.0.0.1:3001); its token either from the identity provider
 * (DEMO_CLIENT_ID, DEMO_TOKEN_URL, DEMO_CLIENT_SECRET_FILE: compose) or signed with
 * AUTH_DEMO_SIGNING_KEY_FILE / AUTH_HMAC_SECRET (the key the registry trusts) for AUTH_ISSUER,
 * AUTH_AUDIENCE; DEMO_SEED (2025). Does nothing when the province already exists.
 */
import { demoClientToken, demoSigningSecret, demoTokenAudience, signDemoToken } from '@qn/auth';
import { buildDemoProvince, DEMO_SCHOOL_MOVES, DEMO_PROVINCE_CODE } from './quang-ninh';
import { planDemoLoad, DEMO_BATCH_LIMIT } from './demo-plan';

const SCHOOL_YEARS = [
  {
    code: '2024-2025',
    startsOn: '2024-09-05',
    endsOn: '2025-05-31',
    terms: [
      { code: 'HK1', name: 'Học kỳ I', startsOn: '2024-09-05', endsOn: '2025-01-18' },
      { code: 'HK2', name: 'Học kỳ II', startsOn: '2025-01-20', endsOn: '2025-05-31' },
    ],
  },
  {
    code: '2025-2026',
    startsOn: '2025-09-05',
    endsOn: '2026-05-31',
    terms: [
      { code: 'HK1', name: 'Học kỳ I', startsOn: '2025-09-05', endsOn: '2026-01-17' },
      { code: 'HK2', name: 'Học kỳ II', startsOn: '2026-01-19', endsOn: '2026-05-31' },
    ],
  },
];

export interface LoadResult {
  created: number;
  moved: number;
  ended: number;
  skipped: boolean;
  provinceId: string;
}

export async function loadDemo(
  registryUrl: string,
  token: string,
  seed = 2025,
  log: (m: string) => void = () => undefined,
): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${registryUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const existing = (await call('GET', `/org-units?code=${DEMO_PROVINCE_CODE}`)) as {
    items: Array<{ id: string }>;
  };
  if (existing.items.length) {
    log('demo province already loaded; nothing to do');
    return { created: 0, moved: 0, ended: 0, skipped: true, provinceId: existing.items[0].id };
  }
  const items = planDemoLoad(buildDemoProvince(seed), DEMO_SCHOOL_MOVES);
  if (items.length > DEMO_BATCH_LIMIT)
    throw new Error(`the demo has ${items.length} units, more than one batch takes`);
  const result = (await call('POST', '/org-units/batch', { items })) as {
    created: number;
    items: Array<{ code: string; id: string }>;
  };
  log(`created ${result.created} units in one batch`);
  const provinceId = result.items.find((i) => i.code === DEMO_PROVINCE_CODE)!.id;
  for (const y of SCHOOL_YEARS)
    await call('POST', '/school-years', y).catch((e: Error) =>
      log(`school year ${y.code}: ${e.message}`),
    );
  return {
    created: result.created,
    moved: items.reduce((n, i) => n + (i.placeChanges?.length ?? 0), 0),
    ended: items.filter((i) => i.end).length,
    skipped: false,
    provinceId,
  };
}

async function main(): Promise<void> {
  const url = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
  let token = await demoClientToken();
  if (token === undefined) {
    const secret = demoSigningSecret();
    if (!secret) {
      console.error(
        'load-demo: DEMO_CLIENT_ID (a client of the identity provider), AUTH_DEMO_SIGNING_KEY_FILE or AUTH_HMAC_SECRET is required',
      );
      process.exit(78);
    }
    token = await signDemoToken(secret, {
      sub: 'demo-loader',
      roles: ['province'],
      name: 'Demo loader',
      ...demoTokenAudience(),
      expiresIn: '1h',
    });
  }
  const started = Date.now();
  const result = await loadDemo(url, token, Number(process.env.DEMO_SEED ?? 2025), (m) =>
    console.log(`load-demo: ${m}`),
  );
  console.log(
    `load-demo: ${result.skipped ? 'already loaded' : `created ${result.created} units, ${result.moved} moves, ${result.ended} closures`} in ${((Date.now() - started) / 1000).toFixed(1)} s; province ${result.provinceId}`,
  );
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`load-demo: ${err.message}`);
    process.exit(1);
  });
}
