/**
 * Roster import bench: the demo province's schools (services/enrollment/demo/demo-roster.ts) as
 * XLSX workbooks, imported through the real import service's code path in-process
 * (`readWorkbook` → `ImportRosterService.import`: rows read and checked, planned against the
 * register, new people verified against the local population register, personal ids hashed and sealed,
 * bulk writes, events through the transactional outbox, one transaction per school), a few
 * schools at a time, on a database of its own. Then, in the same run, the baseline: a plain
 * PostgreSQL `COPY FROM STDIN` of the very rows the import wrote (same tables and columns,
 * outbox included) into empty copies of the tables. Prints learners/s for both, the ratio, and
 * where the import's time goes (phases timed around the service's collaborators).
 *
 * Not measured here: the outbox relay to Kafka (bench/messaging measures it) and HTTP (the
 * endpoint only adds the body read and the policy check around the same calls).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import type { DataSource, EntityManager } from 'typeorm';
import { platformCatalog } from '@qn/contracts';
import { messagingMigrations, OutboxWriter } from '@qn/messaging';
import { orgDirectoryMigrations } from '@qn/org-directory';
import { connectAndMigrate, createServiceDataSource } from '@qn/persistence';
import { buildDemoProvince } from '../../services/registry/demo/quang-ninh';
import {
  demoRoster,
  DemoRosterSchool,
  rosterSchools,
} from '../../services/enrollment/demo/demo-roster';
import { enrollmentMigrations } from '../../services/enrollment/src/database/migrations';
import { readRosterSheets } from '../../services/enrollment/src/rosters/domain/roster-file';
import {
  gradesOfLevels,
  planRoster,
} from '../../services/enrollment/src/rosters/domain/roster-plan';
import { ImportRosterService } from '../../services/enrollment/src/rosters/import-roster/import-roster.service';
import { readWorkbook } from '../../services/enrollment/src/rosters/import-roster/roster-workbook';
import { RosterRepository } from '../../services/enrollment/src/rosters/roster.repository';
import { PersonalDataGuard } from '../../services/enrollment/src/shared/personal-data';
import { LocalPopulationRegister } from '../../services/enrollment/src/shared/ports/identity/local-population-register';
import type { EnrollmentConfig } from '../../services/enrollment/src/config';
import { fmt, textTable } from '../kit/table';
import { machineCores } from '../kit/machine';

export interface RosterBenchOptions {
  /** Learners to import (schools of the demo province in code order until reached). */
  learners: number;
  /** Schools imported at once. */
  concurrency: number;
  /** Multiplies each school's size (the smoke's small schools). */
  scale: number;
  adminUrl: string;
  log: (line: string) => void;
}

export const DEFAULTS: Omit<RosterBenchOptions, 'adminUrl' | 'log'> = {
  learners: 390_000,
  concurrency: 2,
  scale: 1,
};
export const SMOKE = { learners: 300, concurrency: 2, scale: 0.05 };

const SCHEMA = 'enrollment';
const SCHOOL_YEAR = '2025-2026';
/** The tables an import writes, parents first (the COPY baseline loads them in this order). */
const TABLES = [
  'staff_member',
  'school_class',
  'student',
  'student_year',
  'teaching_assignment',
  'guardian',
  'roster_import',
  'outbox',
];

/** The phases of an import: summed wall time of every call (schools run concurrently). */
type Phase =
  | 'build xlsx (client side)'
  | 'parse xlsx (readWorkbook)'
  | 'read rows + plan (pure; timed on the side)'
  | 'identity (population register)'
  | 'hash personal ids (HMAC)'
  | 'seal personal ids (AES-GCM)'
  | 'SQL: lock, snapshot, replay check'
  | 'SQL: bulk writes'
  | 'outbox (validate + insert events)'
  | 'commit';

export interface RosterBenchResult {
  schools: number;
  learners: number;
  staff: number;
  classes: number;
  assignments: number;
  events: number;
  rows: number;
  import: { seconds: number; learnersPerSecond: number; rowsPerSecond: number };
  copy: { seconds: number; learnersPerSecond: number; rowsPerSecond: number };
  /** Import learners/s ÷ COPY learners/s. */
  ratio: number;
  phases: Array<{ phase: Phase; seconds: number }>;
  importCallSeconds: number;
  cores: number;
}

/** Adds the wall time of every call of `obj`'s methods `names` to `phase`. */
function timeMethods<T extends object>(
  obj: T,
  names: Array<keyof T & string>,
  phaseOf: (name: string) => Phase,
  add: (p: Phase, ms: number) => void,
): T {
  for (const name of names) {
    const f = (obj[name] as (...a: unknown[]) => unknown).bind(obj);
    (obj as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const t0 = performance.now();
      const out = f(...args);
      if (out instanceof Promise)
        return out.finally(() => add(phaseOf(name), performance.now() - t0));
      add(phaseOf(name), performance.now() - t0);
      return out;
    };
  }
  return obj;
}

/** The schools to import: the demo province's general-education schools until `learners`. */
function schoolsFor(o: RosterBenchOptions): DemoRosterSchool[] {
  const province = rosterSchools(
    buildDemoProvince(2025)
      .filter((u) => u.kind === 'school' && u.validTo === null && u.school)
      .map((u) => ({ code: u.code, levels: [...u.school!.levels], segment: u.school!.segment })),
  );
  const out: DemoRosterSchool[] = [];
  let learners = 0;
  for (let i = 0; learners < o.learners; i++) {
    // Past the province (a bigger run than its ~375,000 learners): the same schools again, as
    // new schools with their own ordinals (so their people are new too).
    const base = province[i % province.length];
    if (i >= 1000) throw new Error('roster bench: more than 1,000 schools needed');
    const s = {
      ...base,
      id: uuidv7(),
      code: `${base.code}${i >= province.length ? `-${i}` : ''}`,
      ordinal: i,
    };
    const r = demoRoster(s, { startYear: 2025, seed: 2025, scale: o.scale });
    if (!r) continue;
    learners += r.learners;
    out.push(s);
  }
  return out;
}

async function workbookBytes(sheets: Record<string, string[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function runRosterBench(
  partial: Partial<RosterBenchOptions> = {},
): Promise<RosterBenchResult> {
  const o: RosterBenchOptions = {
    ...DEFAULTS,
    adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    log: (l) => console.log(l),
    ...partial,
  };
  const dbName = `bench_roster_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(o.adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  let ds: DataSource | undefined;
  try {
    ds = createServiceDataSource({
      url: dbUrl,
      schema: SCHEMA,
      entities: [],
      migrations: [...messagingMigrations, ...orgDirectoryMigrations, ...enrollmentMigrations],
      poolSize: o.concurrency + 2,
      applicationName: 'roster-bench',
    });
    await connectAndMigrate(ds);
    const phases = new Map<Phase, number>();
    const add = (p: Phase, ms: number) => phases.set(p, (phases.get(p) ?? 0) + ms);

    // The service and its collaborators, each timed.
    // The demo's own adapter (`IDENTITY_REGISTER_FILE` in npm start), in memory, batches of 100.
    const register = new LocalPopulationRegister([], 100);
    const keys = {
      PERSONAL_ID_HASH_KEY: randomBytes(32).toString('hex'),
      PERSONAL_ID_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    } as EnrollmentConfig;
    const personalData = timeMethods(
      new PersonalDataGuard(keys),
      ['lookupHash', 'seal'],
      (n) => (n === 'seal' ? 'seal personal ids (AES-GCM)' : 'hash personal ids (HMAC)'),
      add,
    );
    const reads = new Set(['lockSchoolYear', 'snapshot', 'findImport']);
    const repo = timeMethods(
      new RosterRepository(),
      [
        'lockSchoolYear',
        'snapshot',
        'findImport',
        'writeStaff',
        'writeClasses',
        'writeLearners',
        'writeAssignments',
        'linkGuardians',
        'recordImport',
      ],
      (n) => (reads.has(n) ? 'SQL: lock, snapshot, replay check' : 'SQL: bulk writes'),
      add,
    );
    const outbox = timeMethods(
      new OutboxWriter(platformCatalog, SCHEMA, ''),
      ['enqueue'],
      () => 'outbox (validate + insert events)',
      add,
    );
    const identity = timeMethods(register, ['verify'], () => 'identity (population register)', add);
    const schools = schoolsFor(o);
    const bySchool = new Map(schools.map((s) => [s.id, s]));
    const directory = {
      get: async (id: string) => {
        const s = bySchool.get(id);
        return s && { school: { levels: s.levels, segment: s.segment } };
      },
    };
    // COMMIT: from the end of the transaction's work to `transaction()` returning.
    const timedDs = new Proxy(ds, {
      get(target, prop) {
        if (prop === 'transaction')
          return async (fn: (tx: EntityManager) => Promise<unknown>) => {
            let end = 0;
            const out = await target.transaction(async (tx) => {
              const r = await fn(tx);
              end = performance.now();
              return r;
            });
            add('commit', performance.now() - end);
            return out;
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const service = new ImportRosterService(
      timedDs,
      repo,
      directory as never,
      personalData,
      { outbox } as never,
      identity,
    );

    // The province's files, and its people in the population register before the import.
    const t0 = performance.now();
    const files = schools.map((s) => {
      const r = demoRoster(s, { startYear: 2025, seed: 2025, scale: o.scale })!;
      for (const p of r.persons) register.add(p);
      return { school: s, roster: r };
    });
    o.log(
      `[bench:roster] ${schools.length} schools, ${fmt(files.reduce((n, f) => n + f.roster.learners, 0))} learners generated in ${fmt((performance.now() - t0) / 1000, 1)} s`,
    );

    let next = 0;
    let importMs = 0;
    const totals = { learners: 0, staff: 0, classes: 0, assignments: 0 };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(o.concurrency, files.length) }, async () => {
        while (next < files.length) {
          const { school, roster } = files[next++];
          let t = performance.now();
          const bytes = await workbookBytes(roster.sheets);
          add('build xlsx (client side)', performance.now() - t);
          const t1 = performance.now();
          t = t1;
          const sheets = await readWorkbook(bytes);
          add('parse xlsx (readWorkbook)', performance.now() - t);
          const report = await service.import({
            schoolId: school.id,
            schoolYear: SCHOOL_YEAR,
            sheets,
            fileBytes: bytes,
            importedBy: 'roster-bench',
          });
          importMs += performance.now() - t1;
          if (report.learners.created !== roster.learners)
            throw new Error(
              `roster bench: ${school.code} created ${report.learners.created} of ${roster.learners} learners`,
            );
          totals.learners += report.learners.created;
          totals.staff += report.staff.created;
          totals.classes += report.classes.created;
          totals.assignments += report.assignments.changed;
          // The pure steps inside import(), timed again on the same input (not in the wall time).
          t = performance.now();
          const { rows } = readRosterSheets(sheets);
          let n = 0;
          planRoster(
            rows,
            { schoolId: school.id, schoolYear: SCHOOL_YEAR, grades: gradesOfLevels(school.levels) },
            {
              classes: new Map(),
              staff: new Map(),
              learners: new Map(),
              accounts: new Map(),
              assignments: new Map(),
            },
            () => `x${n++}`,
            (pid) => pid,
          );
          add('read rows + plan (pure; timed on the side)', performance.now() - t);
        }
      }),
    );
    // Wall time of the import phase without the workbook building (a client's work).
    const buildMs = phases.get('build xlsx (client side)') ?? 0;
    const sideMs = phases.get('read rows + plan (pure; timed on the side)') ?? 0;
    const wallMs = performance.now() - started - (buildMs + sideMs) / o.concurrency;
    const counts = await rowCounts(ds);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    o.log(`[bench:roster] imported in ${fmt(wallMs / 1000, 1)} s; rows: ${JSON.stringify(counts)}`);

    // Baseline: the same rows by COPY into empty copies of the same tables.
    const copyMs = await copyBaseline(dbUrl, dir);
    const importRate = totals.learners / (wallMs / 1000);
    const copyRate = totals.learners / (copyMs / 1000);
    return {
      schools: schools.length,
      ...totals,
      events: counts.outbox,
      rows,
      import: {
        seconds: wallMs / 1000,
        learnersPerSecond: importRate,
        rowsPerSecond: rows / (wallMs / 1000),
      },
      copy: {
        seconds: copyMs / 1000,
        learnersPerSecond: copyRate,
        rowsPerSecond: rows / (copyMs / 1000),
      },
      ratio: importRate / copyRate,
      phases: [...phases.entries()].map(([phase, ms]) => ({ phase, seconds: ms / 1000 })),
      importCallSeconds: importMs / 1000,
      cores: machineCores().cores,
    };
  } finally {
    await ds?.destroy().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function rowCounts(ds: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = Number((await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.${t}`))[0].n);
  return out;
}

/**
 * Dumps every table the import wrote (COPY TO, not timed), then loads the dumps into empty copies
 * of the tables (`LIKE … INCLUDING ALL`: same columns, defaults, checks, indexes) with
 * `COPY FROM STDIN`, in one transaction, timed.
 */
async function copyBaseline(dbUrl: string, dir: string): Promise<number> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA baseline`);
    for (const t of TABLES) {
      await c.query(`CREATE TABLE baseline.${t} (LIKE ${SCHEMA}.${t} INCLUDING ALL)`);
      await pipeline(
        c.query(copyTo(`COPY ${SCHEMA}.${t} TO STDOUT`)),
        createWriteStream(join(dir, t)),
      );
    }
    const t0 = performance.now();
    await c.query('BEGIN');
    for (const t of TABLES)
      await pipeline(
        createReadStream(join(dir, t)),
        c.query(copyFrom(`COPY baseline.${t} FROM STDIN`)),
      );
    await c.query('COMMIT');
    return performance.now() - t0;
  } finally {
    await c.end();
  }
}

export function formatReport(r: RosterBenchResult): string {
  const lines = [
    `roster import: ${r.schools} schools, ${fmt(r.learners)} learners, ${fmt(r.staff)} staff, ${fmt(r.classes)} classes, ${fmt(r.assignments)} assignments, ${fmt(r.events)} events, ${fmt(r.rows)} rows in all (outbox included); ${r.cores} cores`,
    ...textTable(
      ['path', 'seconds', 'learners/s', 'rows/s'],
      [
        [
          'import (XLSX parse → import service, one transaction a school)',
          fmt(r.import.seconds, 1),
          fmt(r.import.learnersPerSecond),
          fmt(r.import.rowsPerSecond),
        ],
        [
          'plain PostgreSQL COPY of the same rows',
          fmt(r.copy.seconds, 1),
          fmt(r.copy.learnersPerSecond),
          fmt(r.copy.rowsPerSecond),
        ],
      ],
    ),
    `import / COPY = ${fmt(r.ratio, 3)}`,
    `where the import's time goes (wall time summed over calls; ${fmt(r.importCallSeconds, 1)} s of parse + import calls in all; the pure read and plan are inside import(), timed again on the side; the rest of the calls is event building and awaiting):`,
    ...textTable(
      ['phase', 'seconds', 'share of calls'],
      r.phases.map((p) => [
        p.phase,
        fmt(p.seconds, 1),
        p.phase === 'build xlsx (client side)'
          ? 'not in the import'
          : `${fmt((100 * p.seconds) / r.importCallSeconds, 1)} %`,
      ]),
    ),
    `BENCH_JSON ${JSON.stringify(r)}`,
  ];
  return lines.join('\n');
}

function parseArgs(argv: string[]): Partial<RosterBenchOptions> {
  if (argv.includes('--smoke')) return { ...SMOKE };
  const o: Partial<RosterBenchOptions> = {};
  const num = (name: string, env: string) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : process.env[env];
    return v === undefined ? undefined : Number(v);
  };
  const learners = num('learners', 'BENCH_LEARNERS');
  const concurrency = num('concurrency', 'BENCH_CONCURRENCY');
  if (learners) o.learners = learners;
  if (concurrency) o.concurrency = concurrency;
  return o;
}

if (require.main === module) {
  runRosterBench(parseArgs(process.argv.slice(2)))
    .then((r) => console.log(formatReport(r)))
    .catch((e: unknown) => {
      console.error(`[bench:roster] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    });
}
