/**
 * Demo rosters for school year 2025-2026 through the enrollment API (after the registry demo):
 * each school's roster as the sector database exports it (`demo-roster.ts`), posted as one XLSX
 * workbook to `POST /schools/{id}/rosters/{year}` with a province token, a few schools at a time.
 *
 * The import verifies new people against the population register, so first the loader writes
 * the local register's file (`IDENTITY_REGISTER_FILE`, which enrollment reads again when it
 * changes) with every person of every school's roster (~393,000; the same whatever the sample),
 * then imports. By default a sample of schools across levels and segments
 * (`DEMO_ROSTER_SCHOOLS`, 40); `DEMO_ROSTER_SCHOOLS=all` loads every general-education school
 * (~420 schools, ~374,000 learners). Preschools have no roster (not imported yet). Run again, it
 * changes nothing (each school's file is the same). Then it writes `DEMO_ROSTERS_FILE`
 * (.local/demo/rosters.json): the loaded schools, and per class the sign-in accounts of its
 * homeroom and subject teachers and the school's principal (`rosterAccounts`), for records' demo
 * loader (services/records/demo/load-marks.ts).
 *   node services/enrollment/demo/dist/demo/load-rosters.js
 * Environment: ENROLLMENT_URL (http://127.0.0.1:3002), REGISTRY_URL (http://127.0.0.1:3001),
 * AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE, IDENTITY_REGISTER_FILE
 * (.local/enrollment/population-register.csv), DEMO_ROSTER_SCHOOLS (40 | all),
 * DEMO_ROSTER_CONCURRENCY (3), DEMO_USERS_FILE (.local/identity/users.json: its family users
 * become guardians of learners of the first school), DEMO_SEED (2025), DEMO_ROSTERS_FILE
 * (.local/demo/rosters.json).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { provinceDate } from '@qn/contracts';
import { demoSigningSecret, demoTokenAudience, signDemoToken } from '@qn/auth';
import { fetchService, mapLimit } from '@qn/demo-kit';
import {
  demoRoster,
  DemoRoster,
  registerCsv,
  rosterAccounts,
  rosterSchools,
  sampleRosterSchools,
} from './demo-roster';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const START_YEAR = 2025;
const SCHOOL_YEAR = `${START_YEAR}-${START_YEAR + 1}`;

interface Unit {
  id: string;
  code: string;
  kind: string;
  school: { levels: string[]; segment: string } | null;
}

interface Report {
  replayed: boolean;
  classes: { created: number };
  staff: { created: number };
  learners: { created: number; enrolled: number; updated: number; unchanged: number };
  assignments: { changed: number };
  guardiansLinked: number;
}

/** The family users of the identity provider's demo users file (their subjects), if any. */
function familyAccounts(file: string): string[] {
  if (!existsSync(file)) return [];
  const users = JSON.parse(readFileSync(file, 'utf8')) as Array<{ sub: string; roles: string[] }>;
  return users.filter((u) => u.roles.includes('family')).map((u) => u.sub);
}

/** A workbook with the four sheets; fixed dates, so the same roster gives the same bytes. */
async function workbook(roster: DemoRoster): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CSDL ngành (demo)';
  wb.created = wb.modified = new Date(Date.UTC(START_YEAR, 8, 1));
  for (const [name, rows] of Object.entries(roster.sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes the file only when its content changes (enrollment reloads it on change). */
function writeIfChanged(file: string, text: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return true;
}

async function main(): Promise<void> {
  const enrollment = process.env.ENROLLMENT_URL ?? 'http://127.0.0.1:3002';
  const registry = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
  const registerFile =
    process.env.IDENTITY_REGISTER_FILE ?? '.local/enrollment/population-register.csv';
  const wanted = process.env.DEMO_ROSTER_SCHOOLS ?? '40';
  const concurrency = Number(process.env.DEMO_ROSTER_CONCURRENCY ?? 3);
  const seed = Number(process.env.DEMO_SEED ?? 2025);
  const secret = demoSigningSecret();
  if (!secret) {
    console.error(
      'enrollment load-rosters: AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required',
    );
    process.exit(78);
  }
  if (wanted !== 'all' && !(Number(wanted) > 0)) {
    console.error('enrollment load-rosters: DEMO_ROSTER_SCHOOLS must be a number or all');
    process.exit(64);
  }
  const token = await signDemoToken(secret, {
    sub: 'demo-rosters',
    roles: ['province'],
    orgUnitId: null,
    ...demoTokenAudience(),
    expiresIn: '2h',
  });
  const auth = { authorization: `Bearer ${token}` };

  const units: Unit[] = [];
  const today = provinceDate();
  for (let offset = 0; ; offset += 1000) {
    const res = await fetchService(
      `${registry}/org-units?kind=school&asOf=${today}&limit=1000&offset=${offset}`,
      { headers: auth },
    );
    if (!res.ok) throw new Error(`registry: GET /org-units: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: Unit[]; total: number };
    units.push(...page.items);
    if (page.items.length === 0 || offset + page.items.length >= page.total) break;
  }
  const schools = rosterSchools(
    units
      .filter((u) => u.school)
      .map((u) => ({
        id: u.id,
        code: u.code,
        levels: u.school!.levels,
        segment: u.school!.segment,
      })),
  );
  if (schools.length === 0)
    throw new Error('the registry has no general-education school: load its demo first');
  const families = familyAccounts(process.env.DEMO_USERS_FILE ?? '.local/identity/users.json');

  // Every school's roster, so the register holds every demo person whatever the sample.
  const started = Date.now();
  const sample = new Set(
    (wanted === 'all' ? schools : sampleRosterSchools(schools, Number(wanted))).map((s) => s.id),
  );
  const rosters = new Map<string, DemoRoster>();
  const persons: DemoRoster['persons'] = [];
  let firstSample = true;
  for (const s of schools) {
    const linked = sample.has(s.id) && firstSample;
    if (linked) firstSample = false;
    const r = demoRoster(s, {
      startYear: START_YEAR,
      seed,
      // Both demo children of a family at one school (siblings).
      familyAccounts: linked ? families.flatMap((f) => [f, f]) : [],
    })!;
    persons.push(...r.persons);
    if (sample.has(s.id)) rosters.set(s.id, r);
  }
  const changed = writeIfChanged(registerFile, registerCsv(persons));
  console.log(
    `enrollment load-rosters: population register ${registerFile}: ${persons.length} persons${changed ? ' (written)' : ' (unchanged)'}`,
  );

  const totals = {
    schools: 0,
    replayed: 0,
    learners: 0,
    staff: 0,
    classes: 0,
    assignments: 0,
    guardians: 0,
  };
  const chosen = schools.filter((s) => sample.has(s.id));
  await mapLimit(chosen, concurrency, async (s) => {
    const roster = rosters.get(s.id)!;
    const body = await workbook(roster);
    for (let attempt = 0; ; attempt++) {
      const res = await fetchService(`${enrollment}/schools/${s.id}/rosters/${SCHOOL_YEAR}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': XLSX },
        body: new Uint8Array(body),
      });
      const text = await res.text();
      // Enrollment's copy of the registry may still be filling (404), the register reloading (503).
      if ((res.status === 404 || res.status === 503) && attempt < 30) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (!res.ok) throw new Error(`roster of ${s.code}: ${res.status} ${text.slice(0, 2000)}`);
      const report = JSON.parse(text) as Report;
      totals.schools++;
      if (report.replayed) totals.replayed++;
      totals.learners += report.learners.created + report.learners.enrolled;
      totals.staff += report.staff.created;
      totals.classes += report.classes.created;
      totals.assignments += report.assignments.changed;
      totals.guardians += report.guardiansLinked;
      return;
    }
  });
  // Who signs in for what at each loaded school (records' demo loader enters marks as them).
  writeIfChanged(
    process.env.DEMO_ROSTERS_FILE ?? '.local/demo/rosters.json',
    JSON.stringify(
      {
        schoolYear: SCHOOL_YEAR,
        schools: chosen.map((s) => ({
          id: s.id,
          code: s.code,
          levels: s.levels,
          ...rosterAccounts(rosters.get(s.id)!),
        })),
      },
      null,
      1,
    ) + '\n',
  );
  const seconds = (Date.now() - started) / 1000;
  const learners = chosen.reduce((n, s) => n + rosters.get(s.id)!.learners, 0);
  console.log(
    `enrollment load-rosters: ${totals.schools} schools (${totals.replayed} already loaded), ${learners} learners on their rosters; new: ${totals.learners} learners, ${totals.staff} staff, ${totals.classes} classes, ${totals.assignments} teaching assignments, ${totals.guardians} guardian links; ${seconds.toFixed(1)} s (${Math.round(learners / seconds)} learners/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(
    `enrollment load-rosters: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
