import { checkPersonalId } from '@qn/privacy';
import { readRosterSheets } from '../src/rosters/domain/roster-file';
import { planRoster } from '../src/rosters/domain/roster-plan';
import {
  demoRoster,
  DemoRosterSchool,
  registerCsv,
  rosterAccounts,
  rosterSchools,
  sampleRosterSchools,
} from './demo-roster';

const school = (
  code: string,
  levels: string[],
  segment: string,
  ordinal = 0,
): DemoRosterSchool => ({
  id: `00000000-0000-7000-8000-${String(ordinal).padStart(12, '0')}`,
  code,
  levels,
  segment,
  ordinal,
});
const opts = { startYear: 2025, seed: 2025 };
const sheetsOf = (r: NonNullable<ReturnType<typeof demoRoster>>) => ({
  classes: r.sheets.Lop,
  learners: r.sheets.HocSinh,
  staff: r.sheets.CanBo,
  assignments: r.sheets.PhanCong,
});

describe('demo roster', () => {
  it('is reproducible, skips preschools, and reads and plans without a problem', () => {
    expect(demoRoster(school('MN-1', ['preschool'], 'urban'), opts)).toBeNull();
    for (const [levels, grades] of [
      [['primary'], [1, 5]],
      [['lower-secondary'], [6, 9]],
      [['upper-secondary'], [10, 12]],
      [['continuing'], [6, 12]],
      [
        ['primary', 'lower-secondary'],
        [1, 9],
      ],
    ] as const) {
      const s = school(`S-${levels.join('-')}`, [...levels], 'ethnic-minority-mountain', 3);
      const r = demoRoster(s, opts)!;
      expect(demoRoster(s, opts)).toEqual(r);
      const { rows, problems } = readRosterSheets(sheetsOf(r));
      expect(problems).toEqual([]);
      expect(rows.learners).toHaveLength(r.learners);
      expect(new Set(rows.learners.map((l) => l.grade))).toEqual(
        new Set(Array.from({ length: grades[1] - grades[0] + 1 }, (_, i) => grades[0] + i)),
      );
      let n = 0;
      const { problems: conflicts, plan } = planRoster(
        rows,
        {
          schoolId: s.id,
          schoolYear: '2025-2026',
          grades: [...new Set(rows.classes.map((c) => c.grade))],
        },
        {
          classes: new Map(),
          staff: new Map(),
          learners: new Map(),
          accounts: new Map(),
          assignments: new Map(),
        },
        () => `id-${n++}`,
        (pid) => `h-${pid}`,
      );
      expect(conflicts).toEqual([]);
      expect(plan.learners).toHaveLength(r.learners);
      // Every class has a homeroom teacher; every subject of a class one teacher.
      expect(rows.classes.every((c) => c.homeroomTeacherPersonalId)).toBe(true);
    }
  });

  it('gives every staff member a sign-in account, unique, and says who teaches what', () => {
    const r = demoRoster(
      school('THCS&THPT-7', ['lower-secondary', 'upper-secondary'], 'rural'),
      opts,
    )!;
    const accounts = r.sheets.CanBo.slice(1).map((x) => x[5]);
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(accounts.every((a) => /^thcs-thpt-7\.[a-z0-9-]+$/.test(a))).toBe(true);
    expect(accounts).toContain('thcs-thpt-7.hieu-truong');
    expect(accounts).toContain('thcs-thpt-7.gv-001');
    const who = rosterAccounts(r);
    expect(who.principal).toBe('thcs-thpt-7.hieu-truong');
    expect(who.classes).toHaveLength(r.classes);
    const teachers = new Set(r.sheets.CanBo.filter((x) => x[4] === 'Giáo viên').map((x) => x[5]));
    for (const c of who.classes) {
      expect(teachers.has(c.homeroom!)).toBe(true);
      // The homeroom teacher also has the class's HDTN; every assignment of the file is there.
      expect(c.subjects.HDTN).toBe(c.homeroom);
      const assigned = r.sheets.PhanCong.filter((a) => a[0] === c.name).map((a) => a[1]);
      expect(Object.keys(c.subjects).sort()).toEqual([...new Set(assigned)].sort());
    }
    // The import reads the accounts like any other file's.
    const { rows, problems } = readRosterSheets(sheetsOf(r));
    expect(problems).toEqual([]);
    expect(rows.staff.map((s) => s.account)).toEqual(accounts);
  });

  it('has realistic sizes, classes, teachers, ages and ethnic groups', () => {
    const primary = demoRoster(school('TH-1', ['primary'], 'urban'), opts)!;
    const thpt = demoRoster(school('THPT-1', ['upper-secondary'], 'rural', 1), opts)!;
    const mountain = demoRoster(
      school('THCS-9', ['lower-secondary'], 'ethnic-minority-mountain', 2),
      opts,
    )!;
    expect(primary.learners).toBeGreaterThanOrEqual(300);
    expect(primary.learners).toBeLessThanOrEqual(900);
    expect(thpt.learners).toBeGreaterThanOrEqual(800);
    expect(thpt.learners).toBeLessThanOrEqual(1500);
    for (const r of [primary, thpt, mountain]) {
      expect(r.learners / r.classes).toBeGreaterThanOrEqual(28);
      expect(r.learners / r.classes).toBeLessThanOrEqual(42);
      const teachers = r.sheets.CanBo.filter((x) => x[4] === 'Giáo viên').length;
      expect(r.learners / teachers).toBeGreaterThan(13);
      expect(r.learners / teachers).toBeLessThan(28);
      expect(r.sheets.CanBo.filter((x) => x[4] === 'Hiệu trưởng')).toHaveLength(1);
      expect(r.sheets.CanBo.some((x) => x[4] === 'Phó hiệu trưởng')).toBe(true);
      expect(r.sheets.Lop[1][0]).toMatch(/^\d{1,2}A1$/);
    }
    // Grade g born in 2025 - 5 - g, a few a year older.
    const years = thpt.sheets.HocSinh.slice(1).map((l) => [Number(l[5]), Number(l[2].slice(6))]);
    const usual = years.filter(([g, y]) => y === 2020 - g).length;
    expect(usual / years.length).toBeGreaterThan(0.9);
    expect(years.every(([g, y]) => y === 2020 - g || y === 2019 - g)).toBe(true);
    // Subject teachers in secondary; the primary homeroom teacher teaches most of the class.
    const codes = new Set(thpt.sheets.PhanCong.slice(1).map((a) => a[1]));
    for (const c of ['TOAN', 'NV', 'NN1', 'LS', 'HDTN']) expect(codes).toContain(c);
    expect(new Set(mountain.sheets.PhanCong.slice(1).map((a) => a[1]))).toContain('KHTN');
    const p1 = primary.sheets.PhanCong.slice(1).filter((a) => a[0] === '1A1');
    const byHomeroom = p1.filter((a) => a[2] === primary.sheets.Lop[1][2]).length;
    expect(byHomeroom / p1.length).toBeGreaterThan(0.5);
    const kinh = (r: typeof primary) =>
      r.sheets.HocSinh.slice(1).filter((l) => l[4] === 'Kinh').length / r.learners;
    expect(kinh(primary)).toBeGreaterThan(0.9);
    expect(kinh(mountain)).toBeLessThan(0.6);
    expect(new Set(mountain.sheets.HocSinh.slice(1).map((l) => l[4]))).toEqual(
      new Set(['Kinh', 'Tày', 'Dao', 'Sán Dìu', 'Sán Chay', 'Hoa']),
    );
  });

  it('gives valid personal ids, unique across schools, and every person to the register', () => {
    const schools = rosterSchools(
      Array.from({ length: 30 }, (_, i) => ({
        ...school(
          `S-${String(i).padStart(3, '0')}`,
          [i % 2 ? 'upper-secondary' : 'lower-secondary'],
          'urban',
        ),
      })),
    );
    const ids = new Set<string>();
    let persons = 0;
    for (const s of schools) {
      const r = demoRoster(s, opts)!;
      for (const p of r.persons) {
        expect(checkPersonalId(p.personalId, p.dateOfBirth)).toEqual({ ok: true });
        expect(p.personalId.startsWith('022')).toBe(true);
        expect(Number(p.personalId.slice(6))).toBeGreaterThanOrEqual(100000);
        expect(p.fullName).toBe(p.fullName.normalize('NFC'));
        ids.add(p.personalId);
      }
      persons += r.persons.length;
      const learners = r.sheets.HocSinh.slice(1);
      expect(learners.every((l) => r.persons.some((p) => p.personalId === l[0]))).toBe(true);
    }
    expect(ids.size).toBe(persons);
    const csv = registerCsv([
      { personalId: '022215000123', fullName: 'Nguyễn Văn An', dateOfBirth: '2015-03-05' },
    ]);
    expect(csv).toBe(
      'personal_id,full_name,date_of_birth\n022215000123,Nguyễn Văn An,2015-03-05\n',
    );
  });

  it('links demo family accounts, and samples every kind of school', () => {
    const r = demoRoster(school('TH-2', ['primary'], 'rural'), {
      ...opts,
      familyAccounts: ['demo-phu-huynh', 'demo-phu-huynh'],
    })!;
    const linked = r.sheets.HocSinh.filter((l) => l[7] === 'demo-phu-huynh');
    expect(linked).toHaveLength(2);
    expect(linked[0][1].split(' ')[0]).toBe(linked[1][1].split(' ')[0]);
    const all = [
      ...['primary', 'lower-secondary', 'upper-secondary', 'continuing'].flatMap((l) =>
        ['urban', 'rural', 'island', 'ethnic-minority-mountain'].flatMap((seg) =>
          Array.from({ length: 5 }, (_, i) => ({
            code: `${l}-${seg}-${i}`,
            levels: [l],
            segment: seg,
          })),
        ),
      ),
    ];
    const sample = sampleRosterSchools(all, 16);
    expect(new Set(sample.map((s) => `${s.levels[0]}|${s.segment}`)).size).toBe(16);
    expect(sampleRosterSchools(all, 16)).toEqual(sample);
  });
});
