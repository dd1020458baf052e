import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics } from '@qn/contracts';
import { waitFor } from '@qn/testing';
import { EnrollmentWorld } from './world';

const YEAR = '2025-2026';
// Grade 4 (born 2016), grade 5 (born 2015) at a primary school; grade 9 (born 2011) at a THCS.
const G4 = { pid: '022216000101', name: 'Đỗ Văn Bốn', dob: '2016-04-04', grade: 4 };
const G4_REPEAT = { pid: '022316000102', name: 'Vũ Thị Tư', dob: '2016-09-09', grade: 4 };
const G5 = { pid: '022215000103', name: 'Ngô Văn Năm', dob: '2015-05-05', grade: 5 };
const G9 = { pid: '022311000104', name: 'Bùi Thị Chín', dob: '2011-09-01', grade: 9 };
const people = [G4, G4_REPEAT, G5, G9];
const csvOf = (rows: typeof people) =>
  [
    'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi',
    ...rows.map(
      (p) =>
        `${p.pid},${p.name},${p.dob.split('-').reverse().join('/')},${Number(p.pid[3]) % 2 ? 'Nữ' : 'Nam'},Kinh,${p.grade}`,
    ),
  ].join('\n');

/**
 * The end of a school year through the real service: outcomes, next year's roster, the events
 * payments and records start from; graduation candidates; a departure.
 */
describe('school year end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qn-year-end-'));
  const register = join(dir, 'population.csv');
  writeFileSync(
    register,
    [
      'personal_id,full_name,date_of_birth',
      ...people.map((p) => `${p.pid},${p.name},${p.dob}`),
    ].join('\n'),
  );
  const world = new EnrollmentWorld({ IDENTITY_REGISTER_FILE: register });
  const { env, ids } = world;
  let staffTH: string;
  let staffCS: string;

  beforeAll(async () => {
    await world.start();
    await world.unit('YE-QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('YE-X1', 'commune', ids['YE-QN']);
    await world.unit('YE-TH', 'school', ids['YE-X1'], {
      school: { levels: ['primary'], segment: 'rural', ownership: 'public' },
    });
    await world.unit('YE-CS', 'school', ids['YE-X1'], {
      school: { levels: ['lower-secondary'], segment: 'rural', ownership: 'public' },
    });
    staffTH = await env.token('school-staff', ids['YE-TH'], 'staff-ye-th');
    staffCS = await env.token('principal', ids['YE-CS'], 'principal-ye-cs');
    await waitFor(
      async () =>
        (await world.call('GET', `/schools/${ids['YE-CS']}/rosters/${YEAR}`, world.province))
          .status === 200 &&
        (
          await world.call(
            'POST',
            `/schools/${ids['YE-CS']}/rosters/${YEAR}?sheet=learners`,
            staffCS,
            csvOf([G9]),
          )
        ).status === 201,
      { description: 'the schools in enrollment' },
    );
    const imported = await world.call(
      'POST',
      `/schools/${ids['YE-TH']}/rosters/${YEAR}?sheet=learners`,
      staffTH,
      csvOf([G4, G4_REPEAT, G5]),
    );
    expect(imported.status).toBe(201);
  }, 120000);
  afterAll(async () => {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const studentIdOf = async (schoolId: string, token: string, year = YEAR) => {
    const res = await world.call('GET', `/schools/${schoolId}/rosters/${year}`, token);
    return res.body;
  };

  it('closes the year: promoted, repeating, completed the level; next year roster at once', async () => {
    const reader = await world.collect('ye-check', [
      Topics.enrollmentStudents,
      Topics.enrollmentSchoolRosters,
    ]);
    const events = reader.events;
    try {
      await waitFor(
        () => events().filter((e) => e.type === 'enrollment.student.enrolled').length >= 4,
        { description: 'the roster events' },
      );
      const idByGrade = (grade: number, schoolId: string) =>
        events()
          .filter(
            (e) =>
              e.type === 'enrollment.student.enrolled' &&
              e.data.grade === grade &&
              e.data.schoolId === schoolId,
          )
          .map((e) => e.data.studentId as string);
      const [a, b] = idByGrade(4, ids['YE-TH']);
      const [five] = idByGrade(5, ids['YE-TH']);

      // Someone not on the roster cannot be kept back.
      const wrong = await world.call(
        'POST',
        `/schools/${ids['YE-TH']}/rosters/${YEAR}/year-end`,
        staffTH,
        { repeating: [idByGrade(9, ids['YE-CS'])[0]] },
      );
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual([
        { field: 'repeating[0]', message: expect.stringMatching(/not on the school roster/) },
      ]);
      // Another school's staff cannot close this school's year.
      expect(
        (await world.call('POST', `/schools/${ids['YE-TH']}/rosters/${YEAR}/year-end`, staffCS, {}))
          .status,
      ).toBe(403);

      const closed = await world.call(
        'POST',
        `/schools/${ids['YE-TH']}/rosters/${YEAR}/year-end`,
        staffTH,
        { repeating: [b] },
      );
      expect(closed.status).toBe(200);
      expect(closed.body).toEqual({
        schoolId: ids['YE-TH'],
        schoolYear: YEAR,
        nextSchoolYear: '2026-2027',
        closed: 3,
        promoted: 1,
        repeating: 1,
        completedLevel: 1,
        continuingElsewhere: 0,
      });
      // Closing again closes nothing more.
      const again = await world.call(
        'POST',
        `/schools/${ids['YE-TH']}/rosters/${YEAR}/year-end`,
        staffTH,
        {},
      );
      expect(again.body).toMatchObject({ closed: 0 });
      expect(await studentIdOf(ids['YE-TH'], staffTH)).toMatchObject({ learners: 0 });
      expect(await studentIdOf(ids['YE-TH'], staffTH, '2026-2027')).toMatchObject({
        learners: 2,
        unplaced: 2,
      });

      await waitFor(
        () => events().filter((e) => e.type === 'enrollment.student.year-closed').length >= 3,
        { description: 'the year-end events' },
      );
      const outcome = (id: string) =>
        events().find((e) => e.type === 'enrollment.student.year-closed' && e.data.studentId === id)
          ?.data.outcome;
      expect([outcome(a), outcome(b), outcome(five)]).toEqual([
        'promoted',
        'repeating',
        'completed-level',
      ]);
      await waitFor(() => events().filter((e) => e.data.schoolYear === '2026-2027').length >= 2, {
        description: 'next year enrolments',
      });
      const nextYear = events()
        .filter(
          (e) => e.type === 'enrollment.student.enrolled' && e.data.schoolYear === '2026-2027',
        )
        .map((e) => [e.data.studentId, e.data.grade, e.data.reason, e.data.enrolledOn]);
      expect(nextYear.sort()).toEqual(
        [
          [a, 5, 'promotion', '2026-09-05'],
          [b, 4, 'repetition', '2026-09-05'],
        ].sort(),
      );

      // Graduation candidates: the THCS's grade-9 learners; a primary school has none.
      const nine = idByGrade(9, ids['YE-CS']);
      const listed = await world.call(
        'POST',
        `/schools/${ids['YE-CS']}/rosters/${YEAR}/graduation-candidates`,
        staffCS,
        { level: 'lower-secondary' },
      );
      expect(listed.status).toBe(200);
      expect(listed.body.studentIds).toEqual(nine);
      const none = await world.call(
        'POST',
        `/schools/${ids['YE-TH']}/rosters/${YEAR}/graduation-candidates`,
        staffTH,
        { level: 'lower-secondary' },
      );
      expect(none.status).toBe(422);
      await waitFor(
        () => events().some((e) => e.type === 'enrollment.graduation.candidates-listed'),
        { description: 'the candidate list' },
      );
      expect(
        events().find((e) => e.type === 'enrollment.graduation.candidates-listed').data,
      ).toMatchObject({
        schoolId: ids['YE-CS'],
        level: 'lower-secondary',
        studentIds: nine,
      });

      // A departure: off the roster, announced; a second one finds nobody to remove.
      const left = await world.call(
        'POST',
        `/schools/${ids['YE-CS']}/students/${nine[0]}/departure`,
        staffCS,
        { reason: 'moved-away', leftOn: '2026-01-12' },
      );
      expect(left.status).toBe(200);
      expect(
        (
          await world.call(
            'POST',
            `/schools/${ids['YE-CS']}/students/${nine[0]}/departure`,
            staffCS,
            { reason: 'moved-away', leftOn: '2026-01-12' },
          )
        ).status,
      ).toBe(404);
      expect(await studentIdOf(ids['YE-CS'], staffCS)).toMatchObject({ learners: 0 });
      await waitFor(() => events().some((e) => e.type === 'enrollment.student.left'), {
        description: 'the departure',
      });
      expect(events().find((e) => e.type === 'enrollment.student.left').data).toMatchObject({
        studentId: nine[0],
        schoolId: ids['YE-CS'],
        schoolYear: YEAR,
        grade: 9,
        reason: 'moved-away',
        leftOn: '2026-01-12',
      });
    } finally {
      await reader.stop();
    }
  }, 120000);
});
