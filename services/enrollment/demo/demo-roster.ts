/**
 * A demo school's roster for a school year, as the sector database exports it (the sheets Lop,
 * HocSinh, CanBo, PhanCong of `src/rosters/domain/roster-file.ts`, Vietnamese headers, dates
 * dd/mm/yyyy), and the people it names for the local population register. Pure and seeded: the
 * same school, ordinal and seed give the same file.
 *
 * - Classes per grade of ~30-40 learners, named like 6A1; learner counts by level (primary
 *   300-900, THCS 400-1,000, THPT 800-1,500, GDTX 200-500; bigger in urban schools).
 * - Learners: Vietnamese names (`demo-names.ts`), grade g born in startYear - 5 - g (a few a
 *   year older, more in GDTX), gender, ethnicity by area segment (Kinh mostly; Tày, Dao, Sán Dìu,
 *   Sán Chay, Hoa more in ethnic-minority-mountain communes); `familyAccounts` become the
 *   guardian account of one learner each (siblings: the same family name).
 * - Staff: principal, one or two vice-principals, office staff, and teachers by the weekly
 *   periods of the 2018 programme (about one per 18 learners): in primary schools the homeroom
 *   teacher teaches most subjects of the class, specialists the rest (NN1, GDTC, NT,
 *   THCN); in THCS/THPT subject teachers, each class's homeroom
 *   teacher one of them (and its HDTN periods). Each has a sign-in account (`Tài khoản`,
 *   `staffAccount`: `<school code>.hieu-truong`, `.pho-hieu-truong-1`, `.nhan-vien-1`,
 *   `.gv-001`, unique in the province), the `sub` of the demo tokens records' demo loader signs
 *   for them; `rosterAccounts` says who is who per class and subject.
 * - Personal ids: 022 (Quảng Ninh), sex/century digit, year of birth, and a 6-digit serial from
 *   100000 up that is unique in the province: a bijection of (the school's `ordinal` among the
 *   province's general-education schools, a counter per sex and year of birth). Demo applicants
 *   (`demo-applicants.ts`) use serials below 100000.
 */
import { seededRandom } from '@qn/demo-kit';
import { demoFullName } from './demo-names';

export type DemoSchoolLevel = 'primary' | 'lower-secondary' | 'upper-secondary' | 'continuing';
export type DemoSegment = 'urban' | 'rural' | 'ethnic-minority-mountain' | 'island';

export interface DemoRosterSchool {
  id: string;
  code: string;
  /** The registry's levels; preschool ones are ignored (preschool rosters are not imported). */
  levels: string[];
  segment: DemoSegment | string;
  /** Index of the school among the province's general-education schools (0-999), sorted by code. */
  ordinal: number;
}

export interface DemoRosterOptions {
  /** First calendar year of the school year, e.g. 2025 for 2025-2026. */
  startYear: number;
  seed: number;
  /** Accounts of demo families: each becomes the guardian account of one learner. */
  familyAccounts?: readonly string[];
  /** Multiplies the school's learner count (benches' small runs); default 1. */
  scale?: number;
}

/** A person for the local population register (`personal_id,full_name,date_of_birth`). */
export interface DemoPerson {
  personalId: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export interface DemoRoster {
  /** The four sheets, header row first, as the sector database exports them. */
  sheets: { Lop: string[][]; HocSinh: string[][]; CanBo: string[][]; PhanCong: string[][] };
  /** Every learner and staff member of the file. */
  persons: DemoPerson[];
  learners: number;
  staff: number;
  classes: number;
}

export const ROSTER_HEADERS = {
  Lop: ['Tên lớp', 'Khối', 'Mã định danh GVCN'],
  HocSinh: [
    'Mã định danh',
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Dân tộc',
    'Khối',
    'Lớp',
    'Tài khoản phụ huynh',
  ],
  CanBo: ['Mã định danh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Vị trí việc làm', 'Tài khoản'],
  PhanCong: ['Lớp', 'Môn học', 'Mã định danh giáo viên'],
} as const;

/** Learners per school by level: [min, max] (urban schools draw from the upper part). */
export const LEARNERS_BY_LEVEL: Record<DemoSchoolLevel, [number, number]> = {
  primary: [300, 900],
  'lower-secondary': [400, 1000],
  'upper-secondary': [800, 1500],
  continuing: [200, 500],
};

const GRADES: Record<DemoSchoolLevel, number[]> = {
  primary: [1, 2, 3, 4, 5],
  'lower-secondary': [6, 7, 8, 9],
  'upper-secondary': [10, 11, 12],
  continuing: [6, 7, 8, 9, 10, 11, 12],
};

/** Ethnic groups by area segment: [group, share]; the rest is Kinh. */
const ETHNICITY: Record<DemoSegment, Array<[string, number]>> = {
  urban: [
    ['Hoa', 0.01],
    ['Tày', 0.01],
    ['Sán Dìu', 0.01],
  ],
  rural: [
    ['Sán Dìu', 0.05],
    ['Tày', 0.03],
    ['Dao', 0.02],
    ['Hoa', 0.01],
    ['Sán Chay', 0.01],
  ],
  'ethnic-minority-mountain': [
    ['Dao', 0.22],
    ['Tày', 0.18],
    ['Sán Chay', 0.08],
    ['Sán Dìu', 0.07],
    ['Hoa', 0.05],
  ],
  island: [
    ['Hoa', 0.03],
    ['Sán Dìu', 0.01],
    ['Dao', 0.01],
  ],
};

interface Subject {
  code: string;
  /** Weekly periods per class. */
  periods: number;
  grades: [number, number];
  /** Taught by the class's homeroom teacher (primary: most subjects; secondary: HDTN). */
  homeroom?: boolean;
  /** Upper secondary electives: the class's combination (natural or social sciences). */
  track?: 'natural' | 'social';
}

/**
 * Subjects of the 2018 general-education programme (GDPT 2018) by grade, simplified, with the
 * codes the records service's gradebook knows (its level rules): TV Tiếng Việt, NV Ngữ văn, NN1
 * Ngoại ngữ 1, LSDL Lịch sử và Địa lí, NT Nghệ thuật, THCN Tin học và Công nghệ, GDTC, HDTN, …
 */
export const SUBJECTS: Subject[] = [
  // Primary: the homeroom teacher's subjects, then the specialists'.
  { code: 'TV', periods: 10, grades: [1, 5], homeroom: true },
  { code: 'TOAN_TH', periods: 4, grades: [1, 5], homeroom: true },
  { code: 'DD', periods: 1, grades: [1, 5], homeroom: true },
  { code: 'TNXH', periods: 2, grades: [1, 3], homeroom: true },
  { code: 'KH', periods: 2, grades: [4, 5], homeroom: true },
  { code: 'LSDL_TH', periods: 2, grades: [4, 5], homeroom: true },
  { code: 'HDTN_TH', periods: 3, grades: [1, 5], homeroom: true },
  { code: 'NN1_TH', periods: 4, grades: [3, 5] },
  { code: 'GDTC_TH', periods: 2, grades: [1, 5] },
  { code: 'NT_TH', periods: 2, grades: [1, 5] },
  { code: 'THCN', periods: 2, grades: [3, 5] },
  // Lower and upper secondary: subject teachers.
  { code: 'NV', periods: 4, grades: [6, 12] },
  { code: 'TOAN', periods: 4, grades: [6, 12] },
  { code: 'NN1', periods: 3, grades: [6, 12] },
  { code: 'KHTN', periods: 4, grades: [6, 9] },
  { code: 'LSDL', periods: 3, grades: [6, 9] },
  { code: 'GDCD', periods: 1, grades: [6, 9] },
  { code: 'CN', periods: 1, grades: [6, 9] },
  { code: 'TIN', periods: 1, grades: [6, 9] },
  { code: 'GDTC', periods: 2, grades: [6, 12] },
  { code: 'NT', periods: 2, grades: [6, 9] },
  { code: 'HDTN', periods: 3, grades: [6, 12], homeroom: true },
  { code: 'LS', periods: 2, grades: [10, 12] },
  { code: 'GDQPAN', periods: 1, grades: [10, 12] },
  { code: 'LY', periods: 2, grades: [10, 12], track: 'natural' },
  { code: 'HOA', periods: 2, grades: [10, 12], track: 'natural' },
  { code: 'SINH', periods: 2, grades: [10, 12], track: 'natural' },
  { code: 'DL', periods: 2, grades: [10, 12], track: 'social' },
  { code: 'GDKTPL', periods: 2, grades: [10, 12], track: 'social' },
  { code: 'TIN_THPT', periods: 2, grades: [10, 12] },
];

/** Subject codes as the file carries them (the _TH/_THPT suffixes only tell the levels apart here). */
const fileCode = (code: string) => code.replace(/_(TH|THPT)$/, '');

/**
 * Weekly periods one specialist or subject teacher covers: set so that schools have about the
 * staffing norms (~1.4 teachers per primary class, ~1.9 per secondary class).
 */
const LOAD = { primary: 20, secondary: 15 };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A seed from a text (FNV-1a). */
function hashSeed(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Grades the school teaches (general education only), and its main level for sizes. */
export function rosterLevels(levels: string[]): DemoSchoolLevel[] {
  return (['primary', 'lower-secondary', 'upper-secondary', 'continuing'] as const).filter((l) =>
    levels.includes(l),
  );
}

const SERIAL_SPACE = 900_000;
/** Coprime with 900,000: (i × this) mod 900,000 is a bijection that scatters the counters. */
const SERIAL_STEP = 7919;
const PER_SCHOOL = 900;

/**
 * Personal ids of one school: 022, sex/century, year, serial. Unique in the province for
 * ordinals below 1,000 and up to 900 people per school, sex and year of birth.
 */
class IdMaker {
  private readonly counters = new Map<string, number>();
  constructor(private readonly ordinal: number) {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= 1000)
      throw new Error(`demo roster: school ordinal ${ordinal} is not 0-999`);
  }
  next(female: boolean, year: number): string {
    const key = `${female ? 1 : 0}${year}`;
    const k = this.counters.get(key) ?? 0;
    if (k >= PER_SCHOOL)
      throw new Error(`demo roster: more than ${PER_SCHOOL} people of one sex born in ${year}`);
    this.counters.set(key, k + 1);
    const serial = 100_000 + (((this.ordinal * PER_SCHOOL + k) * SERIAL_STEP) % SERIAL_SPACE);
    const century = year >= 2000 ? 2 : 0;
    return `022${century + (female ? 1 : 0)}${pad(year % 100)}${serial}`;
  }
}

/** The roster of `school` for the school year starting in `o.startYear`; null for a preschool. */
export function demoRoster(school: DemoRosterSchool, o: DemoRosterOptions): DemoRoster | null {
  const levels = rosterLevels(school.levels);
  if (levels.length === 0) return null;
  const rnd = seededRandom(hashSeed(school.code, o.seed));
  const segment = (school.segment in ETHNICITY ? school.segment : 'rural') as DemoSegment;
  const ids = new IdMaker(school.ordinal);
  const persons: DemoPerson[] = [];
  const day = (year: number) => {
    const month = 1 + Math.floor(rnd() * 12);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${pad(month)}-${pad(1 + Math.floor(rnd() * days))}`;
  };

  // Classes: learners per level, split over its grades, ~30-40 a class.
  const [low, spread] =
    segment === 'urban' ? [0.7, 0.3] : segment === 'rural' ? [0.5, 0.45] : [0.3, 0.5];
  const classes: Array<{ name: string; grade: number; size: number; track: 'natural' | 'social' }> =
    [];
  const grades = new Set<number>();
  for (const level of levels) {
    const [min, max] = LEARNERS_BY_LEVEL[level];
    const total = Math.round((min + (max - min) * (low + rnd() * spread)) * (o.scale ?? 1));
    const levelGrades = GRADES[level].filter((g) => !grades.has(g));
    for (const grade of levelGrades) {
      grades.add(grade);
      const inGrade = Math.max(1, Math.round((total / levelGrades.length) * (0.9 + rnd() * 0.2)));
      const n = Math.max(1, Math.round(inGrade / 35));
      for (let i = 0; i < n; i++) {
        const size = Math.floor(inGrade / n) + (i < inGrade % n ? 1 : 0);
        if (size > 0)
          classes.push({
            name: `${grade}A${i + 1}`,
            grade,
            size,
            track: i % 2 === 0 ? 'natural' : 'social',
          });
      }
    }
  }

  // Staff: principal, vice-principals, office staff, then teachers by periods.
  const femaleShare = levels.includes('primary')
    ? 0.8
    : levels.includes('upper-secondary')
      ? 0.6
      : 0.7;
  const staffRows: string[][] = [];
  const staffCounts = new Map<string, number>();
  const staffPerson = (role: string, yearFrom: number, yearTo: number): string => {
    const nth = (staffCounts.get(role) ?? 0) + 1;
    staffCounts.set(role, nth);
    const female = rnd() < femaleShare;
    const year = yearFrom + Math.floor(rnd() * (yearTo - yearFrom + 1));
    const personalId = ids.next(female, year);
    const person = { personalId, fullName: demoFullName(rnd, female), dateOfBirth: day(year) };
    persons.push(person);
    staffRows.push([
      personalId,
      person.fullName,
      ddmmyyyy(person.dateOfBirth),
      female ? 'Nữ' : 'Nam',
      role,
      staffAccount(school.code, role, nth),
    ]);
    return personalId;
  };
  const learnerTotal = classes.reduce((n, c) => n + c.size, 0);
  staffPerson('Hiệu trưởng', 1968, 1982);
  const vices = learnerTotal > 900 ? 2 : 1;
  for (let i = 0; i < vices; i++) staffPerson('Phó hiệu trưởng', 1970, 1988);
  for (let i = 0; i < 2 + Math.floor(learnerTotal / 500); i++) staffPerson('Nhân viên', 1975, 2001);

  const subjectsOf = (c: (typeof classes)[number]) =>
    SUBJECTS.filter(
      (s) =>
        c.grade >= s.grades[0] &&
        c.grade <= s.grades[1] &&
        (!s.track || s.track === c.track) &&
        c.grade <= 5 === isPrimarySubject(s),
    );
  // Homeroom teachers first (one per class), then the subject teachers each subject needs.
  const homeroom = new Map<string, string>();
  const assignments: string[][] = [];
  const teachers = (n: number) =>
    Array.from({ length: n }, () => staffPerson('Giáo viên', 1970, 2001));
  const subjectTeachers = new Map<string, string[]>();
  for (const s of SUBJECTS.filter((x) => !x.homeroom)) {
    const taking = classes.filter((c) => subjectsOf(c).includes(s));
    if (taking.length === 0) continue;
    const load = taking[0].grade <= 5 ? LOAD.primary : LOAD.secondary;
    subjectTeachers.set(
      s.code,
      teachers(Math.max(1, Math.round((taking.length * s.periods) / load))),
    );
  }
  // Secondary homeroom teachers come from the subject teachers (one class each, while they last).
  const secondaryPool = [...subjectTeachers.entries()]
    .filter(([code]) => !SUBJECTS.find((s) => s.code === code && isPrimarySubject(s)))
    .flatMap(([, list]) => list);
  let poolAt = 0;
  for (const c of classes) {
    if (c.grade <= 5) homeroom.set(c.name, teachers(1)[0]);
    else homeroom.set(c.name, secondaryPool[poolAt++] ?? teachers(1)[0]);
  }
  // Assignments: each subject's classes split in contiguous blocks over its teachers.
  for (const s of SUBJECTS) {
    const taking = classes.filter((c) => subjectsOf(c).includes(s));
    const list = subjectTeachers.get(s.code);
    taking.forEach((c, i) => {
      const teacher = s.homeroom
        ? homeroom.get(c.name)!
        : list![Math.floor((i * list!.length) / taking.length)];
      assignments.push([c.name, fileCode(s.code), teacher]);
    });
  }

  // Learners, class by class.
  const groups = ETHNICITY[segment];
  const ethnicityOf = () => {
    let x = rnd();
    for (const [group, share] of groups) {
      if (x < share) return group;
      x -= share;
    }
    return 'Kinh';
  };
  const olderShare = levels.includes('continuing') ? 0.3 : 0.03;
  const learnerRows: string[][] = [];
  const families = [...(o.familyAccounts ?? [])];
  let siblingFamily: string | undefined;
  for (const c of classes) {
    for (let i = 0; i < c.size; i++) {
      const female = rnd() < 0.485;
      const ethnicity = ethnicityOf();
      const year = o.startYear - 5 - c.grade - (rnd() < olderShare ? 1 : 0);
      const personalId = ids.next(female, year);
      const guardian = i === 0 ? (families.shift() ?? '') : '';
      let fullName = demoFullName(rnd, female, ethnicity);
      // Children of one demo family share its family name.
      if (guardian) {
        siblingFamily ??= fullName.split(' ')[0];
        fullName = [siblingFamily, ...fullName.split(' ').slice(1)].join(' ');
      }
      const person = { personalId, fullName, dateOfBirth: day(year) };
      persons.push(person);
      learnerRows.push([
        personalId,
        fullName,
        ddmmyyyy(person.dateOfBirth),
        female ? 'Nữ' : 'Nam',
        ethnicity,
        String(c.grade),
        c.name,
        guardian,
      ]);
    }
  }

  return {
    sheets: {
      Lop: [
        [...ROSTER_HEADERS.Lop],
        ...classes.map((c) => [c.name, String(c.grade), homeroom.get(c.name)!]),
      ],
      HocSinh: [[...ROSTER_HEADERS.HocSinh], ...learnerRows],
      CanBo: [[...ROSTER_HEADERS.CanBo], ...staffRows],
      PhanCong: [[...ROSTER_HEADERS.PhanCong], ...assignments],
    },
    persons,
    learners: learnerRows.length,
    staff: staffRows.length,
    classes: classes.length,
  };
}

const ACCOUNT_ROLE: Record<string, string> = {
  'Hiệu trưởng': 'hieu-truong',
  'Phó hiệu trưởng': 'pho-hieu-truong',
  'Nhân viên': 'nhan-vien',
  'Giáo viên': 'gv',
};

/**
 * The demo sign-in account of a school's `nth` staff member of `role` (as the CanBo sheet
 * writes it): `<school code, lower case>.hieu-truong`, `.pho-hieu-truong-2`, `.nhan-vien-1`,
 * `.gv-007`. Unique in the province (school codes are).
 */
export function staffAccount(schoolCode: string, role: string, nth: number): string {
  const school = schoolCode.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const kind = ACCOUNT_ROLE[role] ?? 'can-bo';
  if (kind === 'hieu-truong' && nth === 1) return `${school}.${kind}`;
  return `${school}.${kind}-${kind === 'gv' ? pad(nth, 3) : nth}`;
}

/** Who signs in for what in a demo school's roster (ids of the roster file, no personal data). */
export interface RosterAccounts {
  principal: string | null;
  classes: Array<{
    name: string;
    grade: number;
    homeroom: string | null;
    /** Subject code (as the file and records' gradebook write it) → the teacher's account. */
    subjects: Record<string, string>;
  }>;
}

/** The accounts of a roster's principal, each class's homeroom teacher and subject teachers. */
export function rosterAccounts(roster: DemoRoster): RosterAccounts {
  const account = new Map(roster.sheets.CanBo.slice(1).map((r) => [r[0], r[5] || null]));
  const principalRow = roster.sheets.CanBo.slice(1).find((r) => r[4] === 'Hiệu trưởng');
  const classes = roster.sheets.Lop.slice(1).map(([name, grade, homeroom]) => ({
    name,
    grade: Number(grade),
    homeroom: account.get(homeroom) ?? null,
    subjects: {} as Record<string, string>,
  }));
  const byName = new Map(classes.map((c) => [c.name, c]));
  for (const [klass, subject, teacher] of roster.sheets.PhanCong.slice(1)) {
    const a = account.get(teacher);
    if (a) byName.get(klass)!.subjects[subject] = a;
  }
  return { principal: principalRow?.[5] || null, classes };
}

function isPrimarySubject(s: Subject): boolean {
  return s.grades[1] <= 5;
}

/** The register file (`personal_id,full_name,date_of_birth`, UTF-8, header row) of `persons`. */
export function registerCsv(persons: Iterable<DemoPerson>): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['personal_id,full_name,date_of_birth'];
  for (const p of persons) lines.push(`${p.personalId},${quote(p.fullName)},${p.dateOfBirth}`);
  return lines.join('\n') + '\n';
}

/**
 * The schools that get rosters, each with its ordinal (index among the general-education schools
 * sorted by code: stable whatever sample is loaded).
 */
export function rosterSchools<T extends { code: string; levels: string[] }>(
  schools: readonly T[],
): Array<T & { ordinal: number }> {
  return schools
    .filter((s) => rosterLevels(s.levels).length > 0)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((s, ordinal) => ({ ...s, ordinal }));
}

/**
 * A sample of `n` schools across levels and segments: round-robin over the (main level, segment)
 * groups, each group in code order, so every kind of school appears and the same n gives the
 * same sample.
 */
export function sampleRosterSchools<T extends { code: string; levels: string[]; segment: string }>(
  schools: readonly T[],
  n: number,
): T[] {
  const groups = new Map<string, T[]>();
  for (const s of schools) {
    const key = `${rosterLevels(s.levels).join('+')}|${s.segment}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const lists = [...groups.keys()].sort().map((k) => groups.get(k)!);
  const out: T[] = [];
  for (let round = 0; out.length < Math.min(n, schools.length); round++)
    for (const list of lists) if (list[round] && out.length < n) out.push(list[round]);
  return out;
}
