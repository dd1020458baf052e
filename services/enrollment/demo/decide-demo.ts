/**
 * Follow-up of the enrollment demo, through the enrollment API (run by `npm start` in the
 * background, after `load-demo.js`): waits until the demo's rounds are past their deadline; for
 * grade 10 the exam board publishes the entrance exam scores on Kafka (`exam-board.ts`, as the
 * `demo-exam-board` principal) and the demo waits until enrollment has them; it publishes the
 * three rounds' results (popular schools oversubscribed: priorities, the lottery and deferred
 * acceptance decide, some applicants stay unplaced on waiting lists), then for grades 1 and 6 the
 * families answer their offers and the schools confirm (`planOfferAnswers`): a confirmation makes a student and publishes
 * `enrollment.student.enrolled`, which the payments service bills. Appends each student made,
 * one JSON object per line ({studentId, schoolId, grade, schoolYear}), to DEMO_STUDENTS_FILE for
 * the payments demo (`pay-demo.js`).
 *   node services/enrollment/demo/dist/demo/decide-demo.js
 * Environment: ENROLLMENT_URL (http://127.0.0.1:3002), AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE, DEMO_SEED (2026),
 * DEMO_STUDENTS_FILE (.local/demo/students.jsonl), DEMO_MAX_WAIT_SECONDS (900: a deadline
 * further away is an error), DEMO_DECIDE_GRACE_SECONDS (20: after the deadline, so the round's
 * closed event goes first), DEMO_APPLICATIONS (600, as load-demo), and the exam board's Kafka
 * connection (`exam-board.ts`; without KAFKA_BROKERS the grade-10 round is left open). Safe to run again: a published round is not published twice, and
 * only offers still waiting for an answer or a confirmation are acted on.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { demoSigningSecret, demoTokenAudience, signDemoToken, Role } from '@qn/auth';
import { fetchService, mapLimit } from '@qn/demo-kit';
import {
  DEMO_ENROLLED_ROUNDS,
  DEMO_ROUND_NAMES,
  DEMO_SHORT_ROUNDS,
  demoFamilySubject,
} from './demo-rounds';
import { demoExamScores, demoRoundApplicants } from './demo-demand';
import { examBoardKafka, publishExamScores } from './exam-board';
import { classNameFor, OfferAnswer, planOfferAnswers } from './offer-answers';

interface RoundView {
  id: string;
  name: string;
  grade: number;
  schoolYear: string;
  closesAt: string;
  status: 'open' | 'published';
}
interface ApplicationView {
  id: string;
  status: string;
  submittedAt: string;
  examScores: Record<string, number> | null;
}
interface OfferView {
  id: string;
  schoolId: string;
  status: 'offered' | 'accepted' | 'declined' | 'confirmed';
}

const log = (msg: string) => console.error(`[enrollment demo] ${msg}`);

async function main(): Promise<void> {
  const base = process.env.ENROLLMENT_URL ?? 'http://127.0.0.1:3002';
  const secret = demoSigningSecret();
  if (!secret) throw new Error('AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required');
  const seed = Number(process.env.DEMO_SEED ?? 2026);
  const studentsFile = resolve(process.env.DEMO_STUDENTS_FILE ?? '.local/demo/students.jsonl');
  const maxWaitMs = Number(process.env.DEMO_MAX_WAIT_SECONDS ?? 900) * 1000;
  const graceMs = Number(process.env.DEMO_DECIDE_GRACE_SECONDS ?? 20) * 1000;
  const total = Number(process.env.DEMO_APPLICATIONS ?? 600);
  const kafka = examBoardKafka();
  const opts = {
    ...demoTokenAudience(),
    expiresIn: '2h',
  };
  const province = await signDemoToken(secret, {
    sub: 'demo-enrollment',
    roles: [Role.Province],
    orgUnitId: null,
    ...opts,
  });
  const staffTokens = new Map<string, Promise<string>>();
  const staffOf = (schoolId: string) => {
    if (!staffTokens.has(schoolId))
      staffTokens.set(
        schoolId,
        signDemoToken(secret, {
          sub: `demo-staff-${schoolId.slice(0, 8)}`,
          roles: [Role.SchoolStaff],
          orgUnitId: schoolId,
          ...opts,
        }),
      );
    return staffTokens.get(schoolId)!;
  };
  const call = async (method: string, path: string, token = province, body?: unknown) => {
    const res = await fetchService(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as Record<string, unknown> & unknown[] };
  };
  const must = async (method: string, path: string, token = province, body?: unknown) => {
    const r = await call(method, path, token, body);
    if (r.status >= 300)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  };

  const demoFamily = await signDemoToken(secret, {
    sub: demoFamilySubject(),
    roles: [Role.Family],
    orgUnitId: null,
    ...opts,
  });
  const demoFamilyOwn = new Set(
    (
      (await must('GET', '/me/applications', demoFamily)) as unknown as {
        items: Array<{ id: string }>;
      }
    ).items.map((a) => a.id),
  );
  const rounds = ((await must('GET', '/rounds')) as unknown as RoundView[]).filter((r) =>
    DEMO_SHORT_ROUNDS.some((g) => r.name === DEMO_ROUND_NAMES[g]),
  );
  if (rounds.length === 0)
    throw new Error(
      'the demo rounds are not there: run services/enrollment/demo/dist/demo/load-demo.js',
    );
  const last = Math.max(...rounds.map((r) => Date.parse(r.closesAt)));
  const wait = last + graceMs - Date.now();
  if (rounds.some((r) => r.status === 'open') && wait > 0) {
    if (wait > maxWaitMs)
      throw new Error(
        `the demo rounds close at ${new Date(last).toISOString()}, more than DEMO_MAX_WAIT_SECONDS away`,
      );
    log(`waiting ${Math.ceil(wait / 1000)} s for the deadline of the demo rounds`);
    await new Promise((r) => setTimeout(r, wait));
  }

  mkdirSync(dirname(studentsFile), { recursive: true });
  // Rounds published now: students listed by an earlier run belong to another database.
  // The file exists either way: rounds decided by an earlier run from another checkout (same
  // database) enrol no one now, and the payments step then has nothing to pay, not an error.
  if (rounds.some((r) => r.status === 'open') || !existsSync(studentsFile))
    writeFileSync(studentsFile, '');
  const listApplications = async (roundId: string): Promise<ApplicationView[]> => {
    const applications: ApplicationView[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = (await must(
        'GET',
        `/rounds/${roundId}/applications?limit=1000&offset=${offset}`,
      )) as unknown as { items: ApplicationView[]; total: number };
      applications.push(...page.items);
      if (page.items.length === 0 || applications.length >= page.total) break;
    }
    return applications;
  };
  for (const round of rounds.sort((a, b) => a.grade - b.grade)) {
    const label = `grade ${round.grade} round`;
    if (round.status === 'open' && round.grade === 10) {
      if (!kafka) {
        log(`${label}: no KAFKA_BROKERS for the exam board; the round stays open`);
        continue;
      }
      const candidates = demoExamScores(demoRoundApplicants(10, total, seed), seed);
      const batches = await publishExamScores(kafka, round.id, candidates);
      log(
        `${label}: the exam board published ${candidates.length} candidates' scores (${batches} batch(es))`,
      );
      for (let waited = 0; ; waited += 1000) {
        const active = (await listApplications(round.id)).filter((a) => a.status === 'active');
        if (active.every((a) => a.examScores !== null)) break;
        if (waited > 120_000)
          throw new Error(
            `${label}: enrollment has not taken the exam scores after 2 minutes (see its log and the intake topic's dead letters)`,
          );
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (round.status === 'open') {
      const r = await call('POST', `/rounds/${round.id}/publication`);
      if (r.status === 200) {
        const summary = r.body as unknown as { applications: number; unplaced: number };
        log(
          `${label}: results published (${summary.applications} applications, ${summary.unplaced} unplaced)`,
        );
      } else if (
        r.status !== 409 ||
        (r.body as { type?: string }).type?.endsWith('round-published') !== true
      )
        throw new Error(
          `publish the ${label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`,
        );
    }
    if (!DEMO_ENROLLED_ROUNDS.includes(round.grade)) {
      log(`${label}: offers wait for the families' answers`);
      continue;
    }
    // The applications in their order of submission, which the seeded answers follow; the demo
    // family's own are left for the person trying the families' page to answer.
    const applications = await listApplications(round.id);
    const active = applications
      .filter((a) => a.status === 'active' && !demoFamilyOwn.has(a.id))
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
    const answers = planOfferAnswers(active.length, seed + round.grade);
    const offerOf = async (a: ApplicationView): Promise<OfferView | null> => {
      const r = await call('GET', `/applications/${a.id}/offer`);
      if (r.status === 404) return null;
      if (r.status !== 200)
        throw new Error(`offer of ${a.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body as unknown as OfferView;
    };
    // Declines first: each moves places down the waiting lists, which replaces other offers.
    const declined = await mapLimit(active, 8, async (a, i) => {
      if (answers[i] !== 'decline') return 0;
      const o = await offerOf(a);
      if (o?.status !== 'offered') return 0;
      await must('POST', `/offers/${o.id}/decline`);
      return 1;
    });
    const counts: Record<OfferAnswer | 'unplaced', number> = {
      confirm: 0,
      accept: 0,
      decline: declined.reduce((s: number, x) => s + x, 0),
      pending: 0,
      unplaced: 0,
    };
    await mapLimit(active, 8, async (a, i) => {
      const answer = answers[i];
      if (answer === 'decline') return;
      const o = await offerOf(a);
      if (!o) return void counts.unplaced++;
      if (answer === 'pending') return void counts.pending++;
      if (o.status === 'offered') await must('POST', `/offers/${o.id}/acceptance`);
      if (answer === 'accept') return void counts.accept++;
      if (o.status === 'offered' || o.status === 'accepted') {
        const done = (await must(
          'POST',
          `/offers/${o.id}/confirmation`,
          await staffOf(o.schoolId),
          { className: classNameFor(round.grade, i) },
        )) as unknown as { studentId: string };
        appendFileSync(
          studentsFile,
          JSON.stringify({
            studentId: done.studentId,
            schoolId: o.schoolId,
            grade: round.grade,
            schoolYear: round.schoolYear,
          }) + '\n',
        );
        counts.confirm++;
      }
    });
    log(
      `${label}: ${counts.confirm} students enrolled (offer accepted and confirmed), ${counts.accept} accepted awaiting the school, ${counts.pending} not answered, ${counts.decline} declined, ${counts.unplaced} without an offer`,
    );
  }
  log(`the students enrolled are listed in ${studentsFile}`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    log(`error: ${err.message}`);
    process.exit(1);
  });
}
