/**
 * Demo admission rounds for school year 2026-2027 through the enrollment API (after the
 * registry demo): grade 1, 6 and 10 rounds that close four minutes after loading (decided then
 * by `decide-demo.ts`; grade 10 after the exam board's scores), places at every school of the
 * level (catchment = its commune-level unit, or some of its residential groups where the commune
 * holds several schools of the level: `demo-catchments.ts`), and a few hundred applications (`demo-demand.ts`:
 * a few popular schools with more first wishes than places), mostly online, some on paper at
 * the school desk (more of them in mountain and island communes).
 *   node services/enrollment/demo/dist/demo/load-demo.js
 * Environment: ENROLLMENT_URL (http://127.0.0.1:3002), REGISTRY_URL (http://127.0.0.1:3001),
 * AUTH_HMAC_SECRET, DEMO_SEED (2026), DEMO_APPLICATIONS (600). Does nothing if already loaded.
 */
import { provinceDate } from '@qn/contracts';
import { randomUUID } from 'node:crypto';
import { demoSigningSecret, demoTokenAudience, signDemoToken, Role } from '@qn/auth';
import { DEMO_EXAM, DEMO_PRIORITY_CATEGORIES, planDemand } from './demo-demand';
import { DEMO_ROUND_NAMES, demoFamilyApplication, demoFamilySubject } from './demo-rounds';
import { demoCatchments, demoResidenceLocality } from './demo-catchments';

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
    // about 1,000 schools: pages of 1,000
    for (let offset = 0; ; offset += 1000) {
      const page = (
        await call(
          registry,
          'GET',
          `/org-units?kind=${kind}&asOf=${today}&limit=1000&offset=${offset}`,
          province,
        )
      ).body as { items: Unit[]; total: number };
      units.push(...page.items);
      if (page.items.length === 0 || offset + page.items.length >= page.total) break;
    }
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
      // The rounds close a few minutes after loading, so their round.closed events (and the
      // online share they carry) reach the dashboard and their results are out during the demo.
      closesAt: new Date(now + 4 * 60_000).toISOString(),
      maxWishes: grade === 10 ? 3 : 2,
      priorityCategories: DEMO_PRIORITY_CATEGORIES,
      requiredDocuments: ['Giấy khai sinh', 'Xác nhận thông tin cư trú'],
      ...(grade === 10 ? { exam: DEMO_EXAM } : {}),
    });
    if (round.status !== 201)
      throw new Error(`create round ${grade}: ${JSON.stringify(round.body)}`);
    const roundId = round.body.id as string;
    const levelSchools = schools.filter((s) => s.school?.levels.includes(LEVEL[grade]));
    const demand = planDemand(
      grade,
      levelSchools.map((s) => ({ ...s, segment: s.school!.segment })),
      total,
      seed,
    );
    const byId = new Map(levelSchools.map((s) => [s.id, s]));
    // One grade-1 child is the demo family's (the user phu-huynh): their offer waits for them.
    const family = grade === 1 ? demoFamilyApplication(demand.applications, demand.popular) : -1;
    // Divided communes get catchments by residential group (demo-catchments.ts).
    const catchments = demoCatchments(grade, levelSchools);
    // Places for every school of the level; enrollment's copy of the registry may still be filling.
    for (const s of levelSchools) {
      const body = { capacity: demand.seats.get(s.id)!, ...catchments.get(s.id)! };
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
    for (const [i, { applicant: a, ...d }] of demand.applications.entries()) {
      const first = byId.get(d.wishes[0])!;
      const tok = d.paper
        ? await token('school-staff', `demo-staff-${first.code}`, first.id)
        : await token('family', i === family ? demoFamilySubject() : `demo-family-${grade}-${i}`);
      const r = await call(
        enrollment,
        'POST',
        `/rounds/${roundId}/applications`,
        tok,
        {
          applicant: {
            ...a,
            residenceOrgUnitId: d.residenceOrgUnitId,
            residenceLocality: demoResidenceLocality(
              catchments,
              d.residenceOrgUnitId,
              d.wishes[0],
              i,
            ),
          },
          wishes: d.wishes,
          priorityCategories: d.priorityCategories,
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
