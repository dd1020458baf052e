/**
 * Demo diplomas through the credentials API (after records' demo signed the học bạ): for the
 * schools records' demo loaded (same choice: DEMO_RECORDS_SCHOOLS of DEMO_ROSTERS_FILE), each
 * school's principal proposes its lower- and upper-secondary graduation lists from the
 * eligibility records published, the competent authority approves them (the commune for lower
 * secondary, the department for upper secondary), and every diploma is issued. Then one historic
 * paper register of a lower-secondary school is digitised (CSV import) and partly reviewed.
 * Writes a verification link of one diploma to DEMO_CREDENTIALS_FILE (.local/demo/credentials.txt).
 *   node services/credentials/demo/dist/demo/load-diplomas.js
 * Environment: CREDENTIALS_URL (http://127.0.0.1:3007), CREDENTIALS_PUBLIC_URL (the service's),
 * DEMO_ROSTERS_FILE, DEMO_RECORDS_SCHOOLS (3 | all), DEMO_CREDENTIALS_WAIT_SECONDS (120: how long
 * to wait for records' eligibility events), DEMO_SEED (2025).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { demoSigningSecret, demoTokenAudience, Role, signDemoToken } from '@qn/auth';
import { fetchService } from '@qn/demo-kit';
import { historicRegisterCsv } from './historic-register';

const TAG = 'credentials load-diplomas';

interface RostersFile {
  schoolYear: string;
  schools: Array<{
    id: string;
    code: string;
    name?: string;
    levels: string[];
    principal: string | null;
    classes: Array<{ grade: number }>;
  }>;
}

class Fail extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const base = process.env.CREDENTIALS_URL ?? 'http://127.0.0.1:3007';
  const publicUrl = (process.env.CREDENTIALS_PUBLIC_URL ?? base).replace(/\/+$/, '');
  const file = process.env.DEMO_ROSTERS_FILE ?? '.local/demo/rosters.json';
  const out = process.env.DEMO_CREDENTIALS_FILE ?? '.local/demo/credentials.txt';
  const wanted = process.env.DEMO_RECORDS_SCHOOLS ?? '3';
  const waitSeconds = Number(process.env.DEMO_CREDENTIALS_WAIT_SECONDS ?? 120);
  const seed = Number(process.env.DEMO_SEED ?? 2025);
  const secret = demoSigningSecret();
  if (!secret) throw new Fail('AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required');
  if (!existsSync(file)) throw new Fail(`${file} is missing: load the demo rosters first`);
  const rosters = JSON.parse(readFileSync(file, 'utf8')) as RostersFile;
  const started = Date.now();

  const token = (sub: string, role: Role, orgUnitId: string | null) =>
    signDemoToken(secret, {
      sub,
      roles: [role],
      orgUnitId,
      ...demoTokenAudience(),
      expiresIn: '1h',
    });
  const call = async (
    method: string,
    path: string,
    tok: string,
    body?: unknown,
    type = 'application/json',
  ) => {
    const res = await fetchService(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tok}`,
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      /* the text names the problem */
    }
    return { status: res.status, body: json, text };
  };
  const problem = (r: { body: Record<string, unknown> }) =>
    String(r.body.type ?? '').replace(/.*\//, '');
  const fail = (what: string, r: { status: number; text: string }) =>
    new Fail(`${what}: ${r.status} ${r.text.slice(0, 500)}`);

  // The same schools records' demo chose: secondary ones, one of each kind in turn.
  const secondary = rosters.schools.filter((s) => s.classes.some((c) => c.grade >= 6));
  const kinds = new Map<string, typeof secondary>();
  for (const s of secondary)
    kinds.set(s.levels.join('+'), [...(kinds.get(s.levels.join('+')) ?? []), s]);
  const byKind: typeof secondary = [];
  for (let round = 0; byKind.length < secondary.length; round++)
    for (const list of kinds.values()) if (list[round]) byKind.push(list[round]);
  const schools = wanted === 'all' ? byKind : byKind.slice(0, Number(wanted));

  let issued = 0;
  let lists = 0;
  let link = '';
  const department = await token('demo-department', Role.Province, null);
  for (const school of schools) {
    const levels = (['lower-secondary', 'upper-secondary'] as const).filter((l) =>
      school.classes.some((c) => c.grade === (l === 'lower-secondary' ? 9 : 12)),
    );
    const principal = await token(school.principal ?? 'demo-principal', Role.Principal, school.id);
    for (const level of levels) {
      let proposed: Awaited<ReturnType<typeof call>> | undefined;
      const deadline = Date.now() + waitSeconds * 1000;
      for (;;) {
        const r = await call('POST', `/schools/${school.id}/graduation-lists`, principal, {
          level,
          schoolYear: rosters.schoolYear,
        });
        if (r.status === 201) {
          proposed = r;
          break;
        }
        // Records' eligibility events may still be on their way; a list already proposed
        // (a second run) leaves nobody to propose.
        if (problem(r) !== 'no-eligible-candidates')
          throw fail(`proposing ${school.code} ${level}`, r);
        if (Date.now() > deadline) break;
        await sleep(2000);
      }
      if (!proposed) continue;
      const authority = proposed.body.authority as { id: string; level: 'commune' | 'department' };
      const approver =
        authority.level === 'commune'
          ? await token(`demo-ubnd-${authority.id.slice(0, 8)}`, Role.Commune, authority.id)
          : department;
      const decision =
        authority.level === 'commune'
          ? { decisionReference: `${10 + lists}/QĐ-UBND`, decidedOn: '2026-06-20' }
          : { decisionReference: `${1024 + lists}/QĐ-SGDĐT`, decidedOn: '2026-07-15' };
      const approved = await call(
        'POST',
        `/graduation-lists/${proposed.body.id as string}/approval`,
        approver,
        decision,
      );
      if (approved.status !== 200) throw fail(`approving ${school.code} ${level}`, approved);
      lists++;
      issued += Number(approved.body.issuedNow ?? 0);
      if (!link) {
        const read = await call(
          'GET',
          `/graduation-lists/${proposed.body.id as string}`,
          department,
        );
        const m = (
          read.body.members as Array<{ credentialId: string | null; credentialHash: string | null }>
        ).find((x) => x.credentialId && x.credentialHash);
        if (m) link = `${publicUrl}/verify?c=${m.credentialId}&h=${m.credentialHash}`;
      }
    }
  }

  // One historic register of a lower-secondary school, digitised from its (damaged) paper book.
  const thcs = rosters.schools.find((s) => s.levels.includes('lower-secondary'));
  let historic = '';
  if (thcs) {
    const code = `THCS-1998-${thcs.code}`;
    const created = await call('POST', '/registers', department, {
      kind: 'lower-secondary-diploma',
      authorityName: 'Phòng Giáo dục và Đào tạo (cũ)',
      schoolId: thcs.id,
      schoolName: thcs.name ?? thcs.code,
      graduationYear: 1998,
      registerCode: code,
      expectedEntries: 40,
      archiveReference: 'Kho lưu trữ Sở GDĐT, hộp 3',
    });
    if (created.status === 201) {
      const registerId = created.body.id as string;
      const csv = historicRegisterCsv(1998, 32, thcs.name ?? thcs.code, seed);
      const imported = await call(
        'POST',
        `/registers/${registerId}/entries/import`,
        department,
        csv,
        'text/csv',
      );
      if (imported.status >= 300) throw fail('importing the historic register', imported);
      historic = `historic register ${code}: 32 of 40 entries digitised`;
    } else if (created.status !== 409) throw fail('creating the historic register', created);
  }

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${link}\n`);
  console.log(
    `${TAG}: ${lists} graduation lists approved, ${issued} diplomas issued; ${historic || 'no historic register'}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (link) console.log(`${TAG}: verify one at ${link}`);
}

main().catch((e: Error) => {
  console.error(`${TAG}: ${e instanceof Fail ? e.message : (e.stack ?? e.message)}`);
  process.exit(1);
});
