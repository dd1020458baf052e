/**
 * Diagnostics: PostgreSQL alone. pgbench replays the SQL of one submission (and of a leaner
 * one) on a copy of the service's tables, at the bench's concurrency.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TestDatabase } from '@qn/testing';
import { CpuMeter } from '../../kit/cpu';
import type { SubmissionsBenchResult } from './options';
import type { Province } from './registry-events';

type Ceiling = NonNullable<SubmissionsBenchResult['pgCeiling']>;

/**
 * The statements of one online submission as the service sends them (texts copied from
 * services/enrollment/src: application.repository.ts, round.repository.ts, libs/org-directory,
 * libs/service-kit/idempotency.ts, libs/messaging/outbox-writer.ts), for pgbench.
 */
function submissionScript(roundId: string, schools: string[], wards: string[]): string {
  const arr = (ids: string[]) => `(ARRAY[${ids.map((i) => `'${i}'`).join(',')}])`;
  const org = `SELECT id, code, kind, name, parent_id AS "parentId", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", successor_ids AS "successorIds", versions, school, revision, updated_at AS "updatedAt" FROM org_unit_replica`;
  const app = `SELECT id, round_id AS "roundId", applicant_hash AS "applicantHash", applicant_pid_last4 AS "applicantPidLast4", applicant_name AS "applicantName", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", residence_org_unit_id AS "residenceOrgUnitId", wishes, priority_categories AS "priorityCategories", exam_scores AS "examScores", bonus_hundredths AS "bonusHundredths", channel, source, external_id AS "externalId", recorded_by AS "recordedBy", status, revision, submitted_at AS "submittedAt", updated_at AS "updatedAt" FROM application`;
  return [
    `\\set n random(1, 9000000000000000000)`,
    `\\set w1 random(1, ${schools.length})`,
    `\\set w2 random(1, ${schools.length})`,
    `\\set two random(0, 1)`,
    `\\set r random(1, ${wards.length})`,
    `SELECT fingerprint, status, body FROM idempotency_record WHERE key_hash = md5(:n::text) AND created_at > now() - make_interval(secs => 86400);`,
    `BEGIN;`,
    `SELECT id, school_year AS "schoolYear", grade, name, opens_at AS "opensAt", closes_at AS "closesAt", max_wishes AS "maxWishes", priority_categories AS "priorityCategories", exam, required_documents AS "requiredDocuments", seed_commitment AS "seedCommitment", seed_revealed AS "seedRevealed", status FROM admission_round WHERE id = '${roundId}' FOR SHARE;`,
    `SELECT school_id AS "schoolId", capacity, catchment_org_unit_ids AS "catchmentOrgUnitIds" FROM round_school WHERE round_id = '${roundId}' ORDER BY school_id;`,
    `${org} WHERE id = ${arr(schools)}[:w1]::uuid;`,
    `\\if :two`,
    `${org} WHERE id = ${arr(schools)}[:w2]::uuid;`,
    `\\endif`,
    `${org} WHERE id = ${arr(wards)}[:r]::uuid;`,
    `${app} WHERE round_id = '${roundId}' AND applicant_hash = md5(:n::text) AND status = 'active';`,
    `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id, wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at) VALUES (gen_random_uuid(), '${roundId}', md5(:n::text), repeat('s', 64), '1234', 'Nguyễn Văn An', '2020-04-02', ${arr(wards)}[:r]::uuid, ARRAY[${arr(schools)}[:w1]::uuid], '{}', NULL, 0, 'online', 'family-web', NULL, 'bench-family-1', now());`,
    `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES (gen_random_uuid(), 'enrollment.application.recorded', 'pgceiling.enrollment.applications.v1', md5(:n::text), repeat('p', 700), '{}');`,
    `COMMIT;`,
    `INSERT INTO idempotency_record (key_hash, fingerprint, status, body) VALUES (md5(:n::text), md5(:n::text), 201, '{"applicationId":"00000000-0000-0000-0000-000000000000"}') ON CONFLICT (key_hash) DO NOTHING;`,
    '',
  ].join('\n');
}

/**
 * What a leaner submission could send (see README): round, seats and org units from memory; the
 * round's state checked by the INSERT itself; the duplicate found by the unique index; the
 * idempotency record in the same transaction.
 */
function leanSubmissionScript(roundId: string, schools: string[], wards: string[]): string {
  const arr = (ids: string[]) => `(ARRAY[${ids.map((i) => `'${i}'`).join(',')}])`;
  return [
    `\\set n random(1, 9000000000000000000)`,
    `\\set w1 random(1, ${schools.length})`,
    `\\set r random(1, ${wards.length})`,
    `BEGIN;`,
    `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id, wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at) SELECT gen_random_uuid(), r.id, md5(:n::text), repeat('s', 64), '1234', 'Nguyễn Văn An', '2020-04-02', ${arr(wards)}[:r]::uuid, ARRAY[${arr(schools)}[:w1]::uuid], '{}', NULL, 0, 'online', 'family-web', NULL, 'bench-family-1', now() FROM admission_round r WHERE r.id = '${roundId}' AND r.status = 'open' AND now() < r.closes_at;`,
    `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES (gen_random_uuid(), 'enrollment.application.recorded', 'pgceiling.enrollment.applications.v1', md5(:n::text), repeat('p', 700), '{}');`,
    `INSERT INTO idempotency_record (key_hash, fingerprint, status, body) VALUES (md5(:n::text), md5(:n::text), 201, '{"applicationId":"00000000-0000-0000-0000-000000000000"}') ON CONFLICT (key_hash) DO NOTHING;`,
    `COMMIT;`,
    '',
  ].join('\n');
}

/** pgbench, on a copy of the service's tables in schema pgceiling (the relay never sees its rows). */
export async function pgCeiling(
  admin: Client,
  db: TestDatabase,
  roundId: string,
  province: Province,
  o: { clients: number; seconds: number },
  pgPids: () => Promise<number[]>,
): Promise<Ceiling> {
  await copyTables(admin);
  const dir = mkdtempSync(join(tmpdir(), 'subbench-'));
  const file = join(dir, 'submission.sql');
  const lean = join(dir, 'lean.sql');
  const schools = province.schools.map((x) => x.id);
  writeFileSync(file, submissionScript(roundId, schools, province.wards));
  writeFileSync(lean, leanSubmissionScript(roundId, schools, province.wards));
  const out: Ceiling = [];
  const variants = [
    { name: 'today, -M extended (as node-postgres sends it)', mode: 'extended', script: file },
    { name: 'today, -M prepared (named statements)', mode: 'prepared', script: file },
    { name: 'lean (BEGIN, 3 INSERTs, COMMIT), -M extended', mode: 'extended', script: lean },
  ];
  for (const v of variants) out.push(await pgbench(db, v, o, pgPids));
  return out;
}

async function copyTables(admin: Client): Promise<void> {
  await admin.query(`CREATE SCHEMA pgceiling`);
  for (const t of [
    'admission_round',
    'round_school',
    'org_unit_replica',
    'application',
    'outbox',
    'idempotency_record',
  ]) {
    await admin.query(`CREATE TABLE pgceiling.${t} (LIKE enrollment.${t} INCLUDING ALL)`);
    if (t !== 'outbox')
      await admin.query(`INSERT INTO pgceiling.${t} SELECT * FROM enrollment.${t}`);
  }
  // Statistics as a long-running service would have them (a cached generic plan must not be the empty-table one).
  await admin.query(
    `ANALYZE pgceiling.admission_round, pgceiling.round_school, pgceiling.org_unit_replica, pgceiling.application, pgceiling.idempotency_record`,
  );
  await admin.query(
    `ALTER TABLE pgceiling.application ADD FOREIGN KEY (round_id) REFERENCES pgceiling.admission_round (id)`,
  );
}

/** One pgbench run; the CPU of the PostgreSQL backends from 1 s after its start to 1 s before its end. */
async function pgbench(
  db: TestDatabase,
  v: { name: string; mode: string; script: string },
  o: { clients: number; seconds: number },
  pgPids: () => Promise<number[]>,
): Promise<Ceiling[number]> {
  const u = new URL(db.url);
  const child = spawn(
    'pgbench',
    [
      '-n',
      '-M',
      v.mode,
      '-c',
      String(o.clients),
      '-j',
      '2',
      '-T',
      String(o.seconds),
      '-f',
      v.script,
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
      db.name,
    ],
    {
      env: { ...process.env, PGOPTIONS: '-c search_path=pgceiling' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr.on('data', (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  await new Promise((r) => setTimeout(r, 1000));
  const meter = new CpuMeter(undefined, pgPids);
  await meter.start();
  await new Promise((r) => setTimeout(r, Math.max(1000, (o.seconds - 2) * 1000)));
  const cpu = await meter.stop();
  const code = await exited;
  const tps = Number(/tps = ([0-9.]+)/.exec(text)?.[1] ?? NaN);
  const lat = Number(/latency average = ([0-9.]+) ms/.exec(text)?.[1] ?? NaN);
  if (code !== 0 || !Number.isFinite(tps))
    throw new Error(`pgbench -M ${v.mode} failed (${code}):\n${text.slice(-2000)}`);
  return {
    mode: v.name,
    tps: Math.round(tps),
    latencyMs: lat,
    postgresPct: cpu.postgresPct,
    machineBusyPct: cpu.machineBusyPct,
    postgresMsPerTx: Math.round((cpu.postgresPct / 100 / tps) * 1000 * 100) / 100,
  };
}
