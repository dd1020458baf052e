/**
 * The enrollment service under test, started as its own process on the bench's database and
 * topic prefix, and the admission round the bench opens in it (through its HTTP API).
 */
import { Client } from 'pg';
import { Topics } from '@qn/contracts';
import {
  createTestDatabase,
  grantKafkaAccess,
  ServiceProcess,
  TestDatabase,
  testPort,
  waitFor,
} from '@qn/testing';
import { benchServiceEnv, benchToken } from '../../kit/services';
import type { SubmissionsBenchOptions } from './options';
import { Province, publishProvince } from './registry-events';

const HOUR = 3600_000;

/** What one run of the bench holds: its secrets, database, service; closed at the end. */
export interface SubmissionsRun {
  o: SubmissionsBenchOptions;
  id: string;
  prefix: string;
  secret: string;
  keys: { hashKey: string; encryptionKey: string };
  db?: TestDatabase;
  admin?: Client;
  service?: ServiceProcess;
  bare?: ServiceProcess;
  url?: string;
  /** The service's inspector port (when a CPU profile is asked for). */
  inspectPort?: number;
}

/** Creates the database, starts the service and waits until it answers. */
export async function startEnrollment(run: SubmissionsRun): Promise<void> {
  const { o } = run;
  const db = await createTestDatabase('bench_submissions');
  run.db = db;
  await grantKafkaAccess(run.prefix);
  run.admin = new Client({ connectionString: db.url });
  await run.admin.connect();
  const port = testPort();
  run.url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...benchServiceEnv({
      service: 'enrollment',
      port,
      databaseUrl: o.pgSocketDir
        ? `postgres://postgres@${encodeURIComponent(o.pgSocketDir)}/${db.name}`
        : db.url,
      schema: 'enrollment',
      prefix: run.prefix,
      secret: run.secret,
    }),
    PERSONAL_ID_HASH_KEY: run.keys.hashKey,
    PERSONAL_ID_ENCRYPTION_KEY: run.keys.encryptionKey,
    // The bench reads the event-loop lag from /metrics without a token.
    METRICS_PUBLIC: 'true',
    ...(o.serviceEnv ?? {}),
  };
  run.inspectPort = o.cpuProfile ? testPort() : undefined;
  if (run.inspectPort)
    env.NODE_OPTIONS = `${env.NODE_OPTIONS} --inspect=127.0.0.1:${run.inspectPort}`;
  o.log(`database ${db.name}, topic prefix ${run.prefix}, enrollment on :${port}`);
  run.service = new ServiceProcess('enrollment', env).start();
  await run.service.ready(run.url, 90_000);
}

/**
 * Publishes the province, opens a grade-1 round (school year 2026-2027: children born in 2020
 * are of the usual age) and sets every school's seats once enrollment's replica has it.
 */
export async function openRound(
  run: SubmissionsRun,
): Promise<{ roundId: string; province: Province }> {
  const { o } = run;
  const url = run.url!;
  const province = await publishProvince(run.prefix, o.wards, o.schools);
  o.log(
    `published 1 province, ${o.wards} wards, ${o.schools} primary schools to ${run.prefix}${Topics.registryOrgUnits}`,
  );
  const provinceToken = await benchToken(run.secret, 'bench-province', ['province']);
  const now = Date.now();
  const round = await call(url, 'POST', '/rounds', provinceToken, {
    schoolYear: '2026-2027',
    grade: 1,
    name: 'Tuyển sinh lớp 1 (bench)',
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + 2 * HOUR).toISOString(),
    maxWishes: 2,
    priorityCategories: [{ code: 'HO-NGHEO', name: 'Hộ nghèo', points: 1 }],
  });
  if (round.status !== 201)
    throw new Error(`creating the round: ${round.status} ${JSON.stringify(round.body)}`);
  const roundId: string = round.body.id;
  const seatsStarted = Date.now();
  for (const s of province.schools) {
    await waitFor(
      async () =>
        (
          await call(url, 'PUT', `/rounds/${roundId}/schools/${s.id}`, provinceToken, {
            capacity: 400,
            catchmentOrgUnitIds: [s.wardId],
          })
        ).status === 200,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        description: `school ${s.id} in enrollment's replica`,
      },
    );
  }
  o.log(
    `round ${roundId} open, seats set for ${province.schools.length} schools (replica ready after ${Date.now() - seatsStarted} ms)`,
  );
  return { roundId, province };
}

/** Bearer tokens of `families` families, to spread the requests over. */
export function familyTokens(secret: string, families: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: families }, (_, i) =>
      benchToken(secret, `bench-family-${i}`, ['family']).then((t) => `Bearer ${t}`),
    ),
  );
}

export interface HttpResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<HttpResult> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}
