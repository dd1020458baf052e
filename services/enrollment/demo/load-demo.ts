/**
 * Demo admission rounds for school year 2026-2027 through the enrollment API (after the
 * registry demo): grade 1 and 6 rounds that close four minutes after loading (decided then by
 * `decide-demo.ts`) and a grade 10 round open for two weeks, places at every school of the
 * level (catchment = its commune-level unit), and a few hundred applications, mostly online,
 * some on paper at the school desk (more of them in mountain and island communes).
 *   node services/enrollment/demo/dist/demo/load-demo.js
 * Environment: ENROLLMENT_URL (http://127.0.0.1:3002), REGISTRY_URL (http://127.0.0.1:3001),
 * AUTH_HMAC_SECRET, DEMO_SEED (2026), DEMO_APPLICATIONS (600). Does nothing if already loaded.
 */
import { provinceDate } from '@qn/contracts';
import { randomUUID } from 'node:crypto';
import { demoSigningSecret, demoTokenAudience, signDemoToken, Role } from '@qn/auth';
import { seededRandom } from '@qn/demo-kit';
import { demoApplicants } from './demo-applicants';
import { DEMO_ROUND_NAMES } from './demo-rounds';

interface Unit {
  id: string;
  code: string;
  kind: string;
  name: string;
  parentId: string | null;
  school: { levels: string[]; segment: string } | null;
}

const ROUND_NAMES = DEMO_ROUND_NAMES;
const LEVEL: Record<number, string> = { 1: 'primary', 6: 'lower-secondary', 10: 'upper-secondary' };
const BIRTH_YEAR: Record<number, number> = { 1: 2020, 6: 2015, 10: 2011 };
const SEATS: Record<string, number> = {
  urban: 140,
  rural: 90,
  'ethnic-minority-mountain': 45,
  island: 40,
};
const PAPER_SHARE: Record<string, number> = {
  urban: 0.05,
  rural: 0.15,
  'ethnic-minority-mountain': 0.35,
  island: 0.3,
};

async function main(): Promise<void> {
  const enrollment = process.env.ENROLLMENT_URL ?? 'http://127.0.0.1:3002';
  const registry = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
  const secret = demoSigningSecret();
  if (!secret) {
    console.error(
      'enrollment load-demo: AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required',
    );
    process.exit(78);
  }
  const seed = Number(process.env.DEMO_SEED ?? 2026);
  const total = Number(process.env.DEMO_APPLICATIONS ?? 600);
  const rnd = seededRandom(seed);
  const opts = {
    ...demoTokenAudience(),
    expiresIn: '2h',
  };
  const token = (role: Role, sub: string, orgUnitId: string | null = null) =>
    signDemoToken(secret, { sub, roles: [role], orgUnitId, ...opts });
  const province = await token('province', 'demo-enrollment');
  const call = async (
    base: string,
    method: string,
    path: string,
    tok: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const rounds = (await call(enrollment, 'GET', '/rounds', province)).body as Array<{
    id: string;
    name: string;
  }>;
  if (rounds.some((r) => r.name === ROUND_NAMES[1])) {
    console.log('enrollment load-demo: already loaded');
    return;
  }
  const today = provinceDate();
  const units: Unit[] = [];
  for (const kind of ['school', 'ward', 'commune', 'special-zone']) {
    units.push(
      ...((
        await call(registry, 'GET', `/org-units?kind=${kind}&asOf=${today}&limit=1000`, province)
      ).body.items as Unit[]),
    );
  }
  const schools = units.filter((u) => u.kind === 'school');
  const now = Date.now();
  let created = 0;
  for (const grade of [1, 6, 10] as const) {
    const round = await call(enrollment, 'POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade,
      name: ROUND_NAMES[grade],
      opensAt: new Date(now - 86400_000).toISOString(),
      // Grades 1 and 6 close a few minutes after loading, so their round.closed events (and the
      // online share they carry) reach the dashboard during the demo; grade 10 stays open.
      closesAt: new Date(now + (grade === 10 ? 14 * 86400_000 : 4 * 60_000)).toISOString(),
      maxWishes: grade === 10 ? 3 : 2,
      priorityCategories: [
        { code: 'CON-LIET-SI', name: 'Con liệt sĩ, con thương binh', points: 2 },
        { code: 'DTTS', name: 'Người dân tộc thiểu số', points: 1 },
        { code: 'HO-NGHEO', name: 'Con hộ nghèo', points: 1 },
      ],
      requiredDocuments: ['Giấy khai sinh', 'Xác nhận thông tin cư trú'],
      ...(grade === 10
        ? {
            exam: {
              subjects: [
                { code: 'TOAN', name: 'Toán', weight: 2 },
                { code: 'VAN', name: 'Ngữ văn', weight: 2 },
                { code: 'ANH', name: 'Tiếng Anh', weight: 1 },
              ],
              tieBreakSubjects: ['VAN', 'TOAN'],
            },
          }
        : {}),
    });
    if (round.status !== 201)
      throw new Error(`create round ${grade}: ${JSON.stringify(round.body)}`);
    const roundId = round.body.id as string;
    const levelSchools = schools.filter((s) => s.school?.levels.includes(LEVEL[grade]));
    // Places for every school of the level; enrollment's copy of the registry may still be filling.
    for (const s of levelSchools) {
      const body = {
        capacity: SEATS[s.school!.segment] ?? 60,
        catchmentOrgUnitIds: grade === 10 || !s.parentId ? [] : [s.parentId],
      };
      for (let attempt = 0; ; attempt++) {
        const r = await call(
          enrollment,
          'PUT',
          `/rounds/${roundId}/schools/${s.id}`,
          province,
          body,
        );
        if (r.status === 200) break;
        if (attempt > 120) throw new Error(`seats for ${s.code}: ${JSON.stringify(r.body)}`);
        await new Promise((res) => setTimeout(res, 500));
      }
    }
    const share = grade === 1 ? 0.5 : grade === 6 ? 0.3 : 0.2;
    const applicants = demoApplicants(Math.round(total * share), BIRTH_YEAR[grade], seed + grade);
    for (const [i, a] of applicants.entries()) {
      const first = levelSchools[Math.floor(rnd() * levelSchools.length)];
      const second = levelSchools.filter(
        (s) => s.parentId === first.parentId && s.id !== first.id,
      )[0];
      const paper = rnd() < (PAPER_SHARE[first.school!.segment] ?? 0.1);
      const tok = paper
        ? await token('school-staff', `demo-staff-${first.code}`, first.id)
        : await token('family', `demo-family-${grade}-${i}`);
      const r = await call(
        enrollment,
        'POST',
        `/rounds/${roundId}/applications`,
        tok,
        {
          applicant: { ...a, residenceOrgUnitId: first.parentId },
          wishes: second ? [first.id, second.id] : [first.id],
          priorityCategories: rnd() < 0.08 ? ['HO-NGHEO'] : [],
        },
        { 'idempotency-key': randomUUID() },
      );
      if (r.status === 201) created++;
      else console.warn(`enrollment load-demo: application refused: ${JSON.stringify(r.body)}`);
    }
  }
  console.log(
    `enrollment load-demo: 3 rounds (grades 1, 6, 10) with places at every school, ${created} applications`,
  );
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`enrollment load-demo: ${err.message}`);
    process.exit(1);
  });
}
