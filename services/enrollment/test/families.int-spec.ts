import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, waitFor } from '@qn/testing';
import { EnrollmentWorld } from './world';

// Two children who apply for grade 1 (born 2020) and an elder one on a school roster (grade 3).
const AN = { pid: '022220001001', name: 'Lê Minh An', dob: '2020-03-04' };
const BINH = { pid: '022320001002', name: 'Lê Thu Bình', dob: '2020-11-20' };
const CUONG = { pid: '022217001003', name: 'Lê Văn Cường', dob: '2017-06-15' };
const SCHOOL_A = 'Trường Tiểu học Cao Xanh';
const SCHOOL_B = 'Trường Tiểu học Hà Khánh';

/**
 * The family page's reads (GET /me/children, /me/applications) through the real service: one
 * family applies online for two children in two rounds, an elder child comes from a roster
 * import naming the family's account; a round is published, the family accepts, the school
 * confirms. Against real Kafka, PostgreSQL and Redis, as separate processes.
 */
describe('the family page: my children and their applications', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qn-families-'));
  const register = join(dir, 'population.csv');
  writeFileSync(
    register,
    `personal_id,full_name,date_of_birth\n${CUONG.pid},${CUONG.name},${CUONG.dob}\n`,
  );
  const world = new EnrollmentWorld({
    ROUND_CLOSE_CHECK_MS: '500',
    IDENTITY_REGISTER_FILE: register,
  });
  const { env, ids } = world;
  const FAMILY = 'family-le';
  let family: string;
  let stranger: string;
  let nobody: string;
  let earlier: string; // the round published here
  let later: string; // a newer round, still open
  let earlierClosesAt: number;
  const applied: Record<string, string> = {};

  const apply = (token: string, roundId: string, child: typeof AN, wishes: string[]) =>
    world.call(
      'POST',
      `/rounds/${roundId}/applications`,
      token,
      {
        applicant: {
          personalId: child.pid,
          fullName: child.name,
          dateOfBirth: child.dob,
          residenceOrgUnitId: ids['FA-W1'],
        },
        wishes,
        priorityCategories: [],
      },
      { 'idempotency-key': randomUUID() },
    );
  const createRound = async (name: string, opensAt: number, closesAt: number) => {
    const r = await world.call('POST', '/rounds', world.province, {
      schoolYear: '2026-2027',
      grade: 1,
      name,
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      maxWishes: 2,
      priorityCategories: [],
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const seats = (roundId: string, school: string) =>
    world.call('PUT', `/rounds/${roundId}/schools/${ids[school]}`, world.province, {
      capacity: 5,
      catchmentOrgUnitIds: [ids['FA-W1']],
    });
  const mine = async (token: string, what: 'children' | 'applications') => {
    const r = await world.call('GET', `/me/${what}`, token);
    expect(r.status).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    await world.start();
    await world.unit('FA-QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('FA-W1', 'ward', ids['FA-QN']);
    const primary = { school: { levels: ['primary'], segment: 'urban', ownership: 'public' } };
    await world.unit('FA-TH-A', 'school', ids['FA-W1'], { ...primary, name: SCHOOL_A });
    await world.unit('FA-TH-B', 'school', ids['FA-W1'], { ...primary, name: SCHOOL_B });
    family = await env.token('family', null, FAMILY);
    stranger = await env.token('family', null, 'family-stranger');
    nobody = await env.token('family', null, 'family-without-children');
    const hour = 3600_000;
    // The newer round first, to wait for the schools to reach enrollment through Kafka; then the
    // earlier one, which closes a few seconds after its applications are in.
    later = await createRound('Lớp 1 — đợt bổ sung', Date.now() - hour, Date.now() + hour);
    for (const school of ['FA-TH-A', 'FA-TH-B'])
      await waitFor(async () => (await seats(later, school)).status === 200, {
        timeoutMs: 30000,
        description: `${school} in enrollment`,
      });
    earlierClosesAt = Date.now() + 6000;
    earlier = await createRound('Lớp 1 — đợt chính', Date.now() - 2 * hour, earlierClosesAt);
    for (const school of ['FA-TH-A', 'FA-TH-B'])
      expect((await seats(earlier, school)).status).toBe(200);

    const an = await apply(family, earlier, AN, [ids['FA-TH-A']!, ids['FA-TH-B']!]);
    const binh = await apply(family, later, BINH, [ids['FA-TH-B']!]);
    // Another family types An's personal id: a contested claim only it (and the schools) see.
    const claim = await apply(stranger, earlier, AN, [ids['FA-TH-B']!]);
    for (const r of [an, binh, claim]) expect(r.status).toBe(201);
    applied.an = an.body.applicationId;
    applied.binh = binh.body.applicationId;
    applied.claim = claim.body.applicationId;

    // The elder child is on his school's roster, with the family's account as guardian.
    const roster = `/schools/${ids['FA-TH-A']}/rosters/2025-2026`;
    const classes = await world.call(
      'POST',
      `${roster}?sheet=classes`,
      world.province,
      'ten_lop,khoi\n3A,3\n',
    );
    expect(classes.status).toBe(201);
    const learners = await world.call(
      'POST',
      `${roster}?sheet=learners`,
      world.province,
      [
        'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi,lop,tai_khoan_phu_huynh',
        `${CUONG.pid},${CUONG.name},15/06/2017,Nam,Kinh,3,3A,${FAMILY}`,
      ].join('\n'),
    );
    expect(learners.status).toBe(201);
    expect(learners.body).toMatchObject({ guardiansLinked: 1 });

    await sleep(Math.max(0, earlierClosesAt - Date.now() + 300));
    expect(
      (await world.call('POST', `/rounds/${earlier}/publication`, world.province)).status,
    ).toBe(200);
  }, 150000);

  afterAll(async () => {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the children’s applications across rounds, newest round first, with round, wished schools and offer', async () => {
    const { items } = await mine(family, 'applications');
    // Not the stranger's claim on An: the family sees its children's applications only.
    expect(items.map((a: { id: string }) => a.id)).toEqual([applied.binh, applied.an]);
    const [binh, an] = items;
    expect(binh).toMatchObject({
      roundId: later,
      applicant: { fullName: BINH.name, dateOfBirth: BINH.dob, personalIdLast4: '1002' },
      status: 'active',
      channel: 'online',
      round: { id: later, schoolYear: '2026-2027', grade: 1, resultsPublished: false },
      wishSchools: [{ id: ids['FA-TH-B'], name: SCHOOL_B }],
      offer: null,
    });
    expect(an.round).toEqual({
      id: earlier,
      name: 'Lớp 1 — đợt chính',
      schoolYear: '2026-2027',
      grade: 1,
      opensAt: expect.any(String),
      closesAt: new Date(earlierClosesAt).toISOString(),
      resultsPublished: true,
    });
    expect(an.wishSchools).toEqual([
      { id: ids['FA-TH-A'], name: SCHOOL_A },
      { id: ids['FA-TH-B'], name: SCHOOL_B },
    ]);
    expect(an.offer).toEqual({
      id: expect.any(String),
      schoolId: ids['FA-TH-A'],
      schoolName: SCHOOL_A,
      wishRank: 1,
      status: 'offered',
      madeAt: expect.any(String),
    });
    // The offer as GET /applications/:id/offer gives it; each application as its round's list does.
    const offer = await world.call('GET', `/applications/${applied.an}/offer`, family);
    expect(offer.status).toBe(200);
    const { schoolName: _name, ...plain } = an.offer;
    expect(offer.body).toEqual(plain);
    for (const [roundId, item] of [
      [later, binh],
      [earlier, an],
    ]) {
      const list = await world.call('GET', `/rounds/${roundId}/applications`, family);
      const { round: _r, wishSchools: _w, offer: _o, ...view } = item;
      expect(list.body.items).toEqual([view]);
    }
  });

  it('shows the offer accepted once the family accepts, and confirmed once the school confirms', async () => {
    const offerOf = async () =>
      (await mine(family, 'applications')).items.find((a: { id: string }) => a.id === applied.an)
        .offer;
    const offerId = (await offerOf()).id as string;
    const accepted = await world.call('POST', `/offers/${offerId}/acceptance`, family);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      id: offerId,
      applicationId: applied.an,
      roundId: earlier,
      schoolId: ids['FA-TH-A'],
      wishRank: 1,
      status: 'accepted',
    });
    expect(await offerOf()).toMatchObject({ id: offerId, status: 'accepted' });

    // Before the school confirms, only the elder child is in the register.
    expect(
      (await mine(family, 'children')).items.map((c: { fullName: string }) => c.fullName),
    ).toEqual([CUONG.name]);
    const staffA = await env.token('school-staff', ids['FA-TH-A'], 'staff-fa-a');
    const confirmed = await world.call('POST', `/offers/${offerId}/confirmation`, staffA, {
      className: '1A',
    });
    expect(confirmed.status).toBe(200);
    expect(await offerOf()).toMatchObject({ id: offerId, status: 'confirmed' });
  });

  it('lists the children in the register, the eldest first, and not one who left', async () => {
    const { items } = await mine(family, 'children');
    expect(items).toEqual([
      {
        studentId: expect.any(String),
        fullName: CUONG.name,
        dateOfBirth: CUONG.dob,
        schoolId: ids['FA-TH-A'],
        schoolName: SCHOOL_A,
        grade: 3,
        className: '3A',
        schoolYear: '2025-2026',
      },
      {
        studentId: expect.any(String),
        fullName: AN.name,
        dateOfBirth: AN.dob,
        schoolId: ids['FA-TH-A'],
        schoolName: SCHOOL_A,
        grade: 1,
        className: '1A',
        schoolYear: '2026-2027',
      },
    ]);
    // The elder child leaves the school (thôi học): no longer in the register at a school.
    const left = await world.call(
      'POST',
      `/schools/${ids['FA-TH-A']}/students/${items[0].studentId}/departure`,
      world.province,
      { reason: 'moved-away', leftOn: '2026-01-12' },
    );
    expect(left.status).toBeLessThan(300);
    expect(
      (await mine(family, 'children')).items.map((c: { studentId: string }) => c.studentId),
    ).toEqual([items[1].studentId]);
  });

  it('shows another family nothing of these children, and no one but a family the page', async () => {
    // The stranger sees its own claim, as any submitted application, and no child.
    const claims = (await mine(stranger, 'applications')).items;
    expect(claims.map((a: { id: string }) => a.id)).toEqual([applied.claim]);
    expect(claims[0]).toMatchObject({ status: 'active', offer: null, round: { id: earlier } });
    expect(claims[0]).not.toHaveProperty('contest');
    expect(JSON.stringify(claims)).not.toContain(applied.an);
    expect(await mine(stranger, 'children')).toEqual({ items: [] });
    expect(await mine(nobody, 'applications')).toEqual({ items: [] });
    expect(await mine(nobody, 'children')).toEqual({ items: [] });

    const principal = await env.token('principal', ids['FA-TH-A'], 'principal-fa-a');
    for (const token of [principal, world.province])
      for (const what of ['children', 'applications']) {
        const r = await world.call('GET', `/me/${what}`, token);
        expect(r.status).toBe(403);
      }
  });

  it('never answers a child’s personal id, only its last four digits', async () => {
    const answers = JSON.stringify([
      await mine(family, 'applications'),
      await mine(family, 'children'),
      await mine(stranger, 'applications'),
    ]);
    for (const child of [AN, BINH, CUONG]) expect(answers).not.toContain(child.pid);
    expect(answers).toContain('"personalIdLast4":"1001"');
  });
});
