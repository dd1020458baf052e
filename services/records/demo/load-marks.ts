/**
 * Demo marks, conduct and signed học bạ of 2025-2026 through the records API (after enrollment's
 * demo rosters): for the secondary classes (grades 6-12) of a few loaded schools, as the people
 * the roster names, both terms of the whole records flow:
 *   each subject's teacher PUTs the class's marks and confirms them (`…/marks/confirmation`),
 *   the homeroom teacher PUTs the conduct and confirms the class's term,
 *   the principal signs the term (at term 2 every learner's học bạ is built and signed).
 * Marks and conduct are seeded (`demo-marks.ts`). The schools and who teaches what come from
 * enrollment's demo roster loader's file (DEMO_ROSTERS_FILE, .local/demo/rosters.json: accounts
 * per class and subject), the class ids from enrollment's `GET /schools/{id}/rosters/{year}`, the
 * learners and teachers from records' own `GET /classes/{id}/roster` (it waits until records has
 * projected them). Tokens are signed like the other demo loaders' (the identity provider's key,
 * AUTH_DEMO_SIGNING_KEY_FILE, or AUTH_HMAC_SECRET), with each person's account as `sub`.
 * Run again, it resumes: a signed term is skipped, a 409 (confirmed, signed) means done.
 *   node services/records/demo/dist/demo/load-marks.js
 * Environment: RECORDS_URL (http://127.0.0.1:3006), ENROLLMENT_URL (http://127.0.0.1:3002),
 * DEMO_ROSTERS_FILE (.local/demo/rosters.json), DEMO_RECORDS_SCHOOLS (3 | all: schools with
 * secondary classes, one of each kind in turn: GDTX, THCS, THPT, …), DEMO_RECORDS_CONCURRENCY
 * (4 classes at a time), DEMO_RECORDS_WAIT_SECONDS (300: how long to wait for records'
 * projection), DEMO_SEED (2025).
 */
import { existsSync, readFileSync } from 'node:fs';
import { demoSigningSecret, demoTokenAudience, Role, signDemoToken } from '@qn/auth';
import { fetchService, mapLimit } from '@qn/demo-kit';
import { classConduct, classMarks, subjectRule } from './demo-marks';

const TAG = 'records load-marks';

interface RostersFile {
  schoolYear: string;
  schools: Array<{
    id: string;
    code: string;
    levels: string[];
    principal: string | null;
    classes: Array<{
      name: string;
      grade: number;
      homeroom: string | null;
      subjects: Record<string, string>;
    }>;
  }>;
}

interface EnrollmentSummary {
  classes: Array<{ id: string; name: string; grade: number; learners: number }>;
}

interface ClassRoster {
  formed: boolean;
  grade: number | null;
  homeroomTeacherStaffId: string | null;
  learners: Array<{ studentId: string; status: string }>;
  teachers: Array<{ staffId: string; subjects: string[] }>;
}

interface Job {
  school: RostersFile['schools'][number];
  klass: RostersFile['schools'][number]['classes'][number];
  classId: string;
  learners: number;
}

class Fail extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const records = process.env.RECORDS_URL ?? 'http://127.0.0.1:3006';
  const enrollment = process.env.ENROLLMENT_URL ?? 'http://127.0.0.1:3002';
  const file = process.env.DEMO_ROSTERS_FILE ?? '.local/demo/rosters.json';
  const wanted = process.env.DEMO_RECORDS_SCHOOLS ?? '3';
  const concurrency = Number(process.env.DEMO_RECORDS_CONCURRENCY ?? 4);
  const waitSeconds = Number(process.env.DEMO_RECORDS_WAIT_SECONDS ?? 300);
  const seed = Number(process.env.DEMO_SEED ?? 2025);
  const secret = demoSigningSecret();
  if (!secret) throw new Fail('AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required');
  if (wanted !== 'all' && !(Number(wanted) > 0))
    throw new Fail('DEMO_RECORDS_SCHOOLS must be a number or all');
  if (!existsSync(file))
    throw new Fail(`${file} is missing: load the demo rosters first (scripts/platform.sh rosters)`);
  const rosters = JSON.parse(readFileSync(file, 'utf8')) as RostersFile;
  const started = Date.now();
  const deadline = started + waitSeconds * 1000;

  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (sub: string, role: Role, orgUnitId: string | null) => {
    const key = `${role}|${sub}|${orgUnitId}`;
    if (!tokens.has(key))
      tokens.set(
        key,
        signDemoToken(secret, {
          sub,
          roles: [role],
          orgUnitId,
          ...demoTokenAudience(),
          expiresIn: '2h',
        }),
      );
    return tokens.get(key)!;
  };
  const province = () => tokenOf('demo-records', Role.Province, null);
  const call = async (
    base: string,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ) => {
    const res = await fetchService(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: { type?: string } & Record<string, unknown> = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      /* not JSON: the text names the problem */
    }
    return { status: res.status, body: json, text };
  };
  const problem = (r: { body: { type?: string } }) => String(r.body.type ?? '').replace(/.*\//, '');
  const fail = (what: string, r: { status: number; text: string }) =>
    new Fail(`${what}: ${r.status} ${r.text.slice(0, 1000)}`);

  // The schools: those of the file with secondary classes, one of each kind (THCS, THPT, GDTX,
  // …) in turn, each kind in the file's order.
  const secondary = rosters.schools.filter((s) => s.classes.some((c) => c.grade >= 6));
  const kinds = new Map<string, typeof secondary>();
  for (const s of secondary)
    kinds.set(s.levels.join('+'), [...(kinds.get(s.levels.join('+')) ?? []), s]);
  const byKind: typeof secondary = [];
  for (let round = 0; byKind.length < secondary.length; round++)
    for (const list of kinds.values()) if (list[round]) byKind.push(list[round]);
  const schools = wanted === 'all' ? byKind : byKind.slice(0, Number(wanted));
  if (schools.length === 0) throw new Fail(`${file} names no school with grades 6-12`);

  // The class ids, from enrollment's roster summary (province token).
  const jobs: Job[] = [];
  for (const school of schools) {
    const r = await call(
      enrollment,
      'GET',
      `/schools/${school.id}/rosters/${rosters.schoolYear}`,
      await province(),
    );
    if (r.status !== 200) throw fail(`enrollment: roster of ${school.code}`, r);
    const byName = new Map(
      (r.body as unknown as EnrollmentSummary).classes.map((c) => [c.name, c]),
    );
    for (const klass of school.classes.filter((c) => c.grade >= 6)) {
      const c = byName.get(klass.name);
      if (!c) throw new Fail(`enrollment has no class ${klass.name} at ${school.code}`);
      jobs.push({ school, klass, classId: c.id, learners: c.learners });
    }
  }

  // Records' projection of each class: formed, its homeroom teacher, every learner and subject.
  const rosterOf = new Map<string, ClassRoster>();
  for (const job of jobs) {
    const where = `class ${job.klass.name} of ${job.school.code} (${job.classId})`;
    for (let seen = 'nothing'; ;) {
      const r = await call(records, 'GET', `/classes/${job.classId}/roster`, await province());
      if (r.status === 200) {
        const roster = r.body as unknown as ClassRoster;
        const enrolled = roster.learners.filter((l) => l.status === 'enrolled').length;
        const taught = new Set(roster.teachers.flatMap((t) => t.subjects));
        const subjects = Object.keys(job.klass.subjects);
        if (
          roster.formed &&
          roster.homeroomTeacherStaffId &&
          enrolled === job.learners &&
          subjects.every((s) => taught.has(s))
        ) {
          rosterOf.set(job.classId, roster);
          break;
        }
        seen = `${enrolled}/${job.learners} learners, ${subjects.filter((s) => taught.has(s)).length}/${subjects.length} subjects, ${roster.formed ? 'formed' : 'not formed'}`;
      } else if (r.status !== 404) throw fail(`records: roster of ${where}`, r);
      if (Date.now() > deadline)
        throw new Fail(
          `records has not projected the roster of ${where} after ${waitSeconds} s (it has ${seen}): is records consuming enrollment's events? (.local/logs/records.log; a consumer that logged "Crash" has stopped: restart records)`,
        );
      await sleep(1000);
    }
  }

  const totals = { classes: 0, learners: 0, signed: 0, alreadySigned: 0 };
  await mapLimit(jobs, concurrency, async (job) => {
    const { school, klass, classId } = job;
    const where = `${school.code} ${klass.name}`;
    const roster = rosterOf.get(classId)!;
    const learners = roster.learners.filter((l) => l.status === 'enrolled').map((l) => l.studentId);
    if (!school.principal || !klass.homeroom)
      throw new Fail(`${where}: the rosters file names no principal or homeroom teacher`);
    const principal = await tokenOf(school.principal, Role.Principal, school.id);
    const homeroom = await tokenOf(klass.homeroom, Role.Teacher, school.id);
    for (const term of [1, 2] as const) {
      const sign = () =>
        call(records, 'POST', `/classes/${classId}/terms/${term}/signature`, principal);
      // Resuming: a signed term is done; one not confirmed yet is entered first.
      const first = await sign();
      if (first.status === 409 && problem(first) === 'class-term-signed') {
        if (term === 2) totals.alreadySigned += learners.length;
        continue;
      }
      if (first.status === 200) {
        if (term === 2) totals.signed += Number(first.body.recordsSigned ?? 0);
        continue;
      }
      if (!(first.status === 409 && problem(first) === 'class-term-not-confirmed'))
        throw fail(`${where} term ${term}: signature`, first);

      for (const [code, account] of Object.entries(klass.subjects)) {
        const rule = subjectRule(klass.grade, code);
        if (!rule)
          throw new Fail(
            `${where}: records' gradebook has no subject ${code} in grade ${klass.grade}`,
          );
        const teacher = await tokenOf(account, Role.Teacher, school.id);
        const path = `/classes/${classId}/subjects/${code}/terms/${term}/marks`;
        const put = await call(records, 'PUT', path, teacher, {
          marks: classMarks(seed, learners, klass.grade, rule, term),
        });
        if (put.status !== 200 && put.status !== 409)
          throw fail(`${where} ${code} term ${term}: marks`, put);
        const confirm = await call(records, 'POST', `${path}/confirmation`, teacher);
        if (confirm.status >= 300 && confirm.status !== 409)
          throw fail(`${where} ${code} term ${term}: marks confirmation`, confirm);
      }
      const conduct = await call(
        records,
        'PUT',
        `/classes/${classId}/terms/${term}/conduct`,
        homeroom,
        {
          entries: classConduct(seed, learners, term),
        },
      );
      if (conduct.status !== 200 && conduct.status !== 409)
        throw fail(`${where} term ${term}: conduct`, conduct);
      const closed = await call(
        records,
        'POST',
        `/classes/${classId}/terms/${term}/confirmation`,
        homeroom,
      );
      if (closed.status >= 300 && closed.status !== 409)
        throw fail(`${where} term ${term}: class term confirmation`, closed);
      // At term 2 the records need every learner's identity (enrollment's identity events):
      // records-incomplete while they are still on their way.
      const until = Date.now() + waitSeconds * 1000;
      for (;;) {
        const signed = await sign();
        if (signed.status === 200) {
          if (term === 2) totals.signed += Number(signed.body.recordsSigned ?? 0);
          break;
        }
        if (signed.status === 409 && problem(signed) === 'class-term-signed') break;
        if (
          signed.status === 422 &&
          problem(signed) === 'records-incomplete' &&
          Date.now() < until
        ) {
          await sleep(2000);
          continue;
        }
        throw fail(
          `${where} term ${term}: signature${problem(signed) === 'records-incomplete' ? ` (records still lacks learners' identities after ${waitSeconds} s)` : ''}`,
          signed,
        );
      }
    }
    totals.classes++;
    totals.learners += learners.length;
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${TAG}: ${schools.length} schools (${schools.map((s) => s.code).join(', ')}), ${totals.classes} classes, ${totals.learners} learners; records signed: ${totals.signed} new, ${totals.alreadySigned} already; ${seconds.toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`${TAG}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
