/**
 * A school's roster file, shaped like the sector database's export (CSDL ngành): up to four
 * sheets — classes (Lop), learners (HocSinh), staff (CanBo), teaching assignments (PhanCong) —
 * each with a header row. An XLSX workbook carries them as sheets; a CSV file carries one of them.
 * Headers are matched by their Vietnamese heading as exported or by a snake_case name, ignoring
 * case, accents and spacing. Pure: cells in, typed rows and row-level problems out. Problems name
 * the sheet, the row as numbered in the file and the column, never the value (it may be a
 * personal id).
 */
import { checkPersonalId } from '@qn/privacy';
import type { StaffRole } from '@qn/contracts';

export const ROSTER_SHEETS = ['classes', 'learners', 'staff', 'assignments'] as const;
export type RosterSheet = (typeof ROSTER_SHEETS)[number];

/** Sheet names as the sector database names them, and English ones. */
export const SHEET_NAMES: Record<RosterSheet, string[]> = {
  classes: ['Lop', 'Lớp', 'DanhSachLop', 'classes'],
  learners: ['HocSinh', 'Học sinh', 'DanhSachHocSinh', 'learners'],
  staff: ['CanBo', 'Cán bộ', 'CanBoGiaoVien', 'staff'],
  assignments: ['PhanCong', 'Phân công', 'PhanCongGiangDay', 'assignments'],
};

interface Column {
  key: string;
  headers: string[];
  required: boolean;
}

const col = (key: string, required: boolean, ...headers: string[]): Column => ({
  key,
  required,
  headers: [key, ...headers],
});

const PERSON_COLUMNS = [
  col('personal_id', true, 'Mã định danh', 'ma_dinh_danh', 'Số định danh cá nhân'),
  col('full_name', true, 'Họ và tên', 'ho_ten'),
  col('date_of_birth', true, 'Ngày sinh', 'ngay_sinh'),
  col('gender', true, 'Giới tính', 'gioi_tinh'),
];

export const COLUMNS: Record<RosterSheet, Column[]> = {
  classes: [
    col('class', true, 'Tên lớp', 'ten_lop', 'Lớp'),
    col('grade', true, 'Khối', 'khoi'),
    col('homeroom_teacher_personal_id', false, 'Mã định danh GVCN', 'gvcn_ma_dinh_danh'),
  ],
  learners: [
    ...PERSON_COLUMNS,
    col('ethnicity', true, 'Dân tộc', 'dan_toc'),
    col('grade', true, 'Khối', 'khoi'),
    col('class', false, 'Lớp', 'lop'),
    col('guardian_account', false, 'Tài khoản phụ huynh', 'tai_khoan_phu_huynh'),
  ],
  staff: [
    ...PERSON_COLUMNS,
    col('role', true, 'Vị trí việc làm', 'vi_tri', 'Chức vụ'),
    col('account', false, 'Tài khoản', 'tai_khoan'),
  ],
  assignments: [
    col('class', true, 'Lớp', 'lop'),
    col('subject', true, 'Môn học', 'mon', 'Mã môn'),
    col('teacher_personal_id', true, 'Mã định danh giáo viên', 'gv_ma_dinh_danh'),
  ],
};

export type Gender = 'male' | 'female';

export interface PersonRow {
  row: number;
  personalId: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  gender: Gender;
}
export interface LearnerRow extends PersonRow {
  ethnicity: string;
  grade: number;
  className: string | null;
  guardianAccount: string | null;
}
export interface StaffRow extends PersonRow {
  role: StaffRole;
  account: string | null;
}
export interface ClassRow {
  row: number;
  name: string;
  grade: number;
  homeroomTeacherPersonalId: string | null;
}
export interface AssignmentRow {
  row: number;
  className: string;
  subjectCode: string;
  teacherPersonalId: string;
}

export interface RosterRows {
  classes: ClassRow[];
  learners: LearnerRow[];
  staff: StaffRow[];
  assignments: AssignmentRow[];
}

export interface RowProblem {
  sheet: RosterSheet;
  /** Row number in the file (the header is row 1); 0 for a problem of the sheet as a whole. */
  row: number;
  field: string;
  code: string;
  message: string;
}

/** What a sheet holds: its rows of cells as text, the header first. */
export type SheetCells = string[][];

/** NFC, no accents, lower case, no spaces or underscores: how headers and names are compared. */
export const foldHeader = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[\s_]+/g, '');

/** The sheet a workbook sheet name stands for, or undefined. */
export function sheetOf(name: string): RosterSheet | undefined {
  const folded = foldHeader(name);
  return ROSTER_SHEETS.find((s) => SHEET_NAMES[s].some((n) => foldHeader(n) === folded));
}

const GENDERS: Record<string, Gender> = {
  nam: 'male',
  male: 'male',
  nu: 'female',
  female: 'female',
};

const ROLES: Record<string, StaffRole> = {
  giaovien: 'teacher',
  teacher: 'teacher',
  hieutruong: 'principal',
  principal: 'principal',
  phohieutruong: 'vice-principal',
  viceprincipal: 'vice-principal',
  nhanvien: 'staff',
  staff: 'staff',
};

const CLASS_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,49}$/u;
const SUBJECT_CODE = /^[A-Z0-9_]{1,30}$/;
const ACCOUNT = /^[\p{L}\p{N}._@:|-]{1,200}$/u;

/** `dd/mm/yyyy` (as exported) or `yyyy-mm-dd`, a real calendar day → `yyyy-mm-dd`. */
export function parseDay(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text) ?? undefined;
  const [y, mo, d] = m
    ? [Number(m[3]), Number(m[2]), Number(m[1])]
    : (/^(\d{4})-(\d{2})-(\d{2})$/.exec(text)?.slice(1).map(Number) ?? []);
  if (y === undefined) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** Digit 4 of the personal id is even for men, odd for women (any century). */
export const genderOfPersonalId = (pid: string): Gender =>
  Number(pid[3]) % 2 === 0 ? 'male' : 'female';

/** A full name: NFC, single spaces, letters with spaces, apostrophes or hyphens. */
export function normaliseName(text: string): string | undefined {
  const name = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return /^[\p{L}][\p{L}\p{M} '-]{0,149}$/u.test(name) ? name : undefined;
}

/**
 * Typed rows of every sheet present, and the problems of each row: missing or unknown columns,
 * empty required cells, malformed values, a personal id whose structure contradicts the date of
 * birth or the gender, duplicates within the file. References between sheets and to what the
 * platform already holds are checked by `planRoster`.
 */
export function readRosterSheets(sheets: Partial<Record<RosterSheet, SheetCells>>): {
  rows: RosterRows;
  problems: RowProblem[];
} {
  const problems: RowProblem[] = [];
  const rows: RosterRows = { classes: [], learners: [], staff: [], assignments: [] };
  for (const sheet of ROSTER_SHEETS) {
    const cells = sheets[sheet];
    if (!cells) continue;
    const records = recordsOf(sheet, cells, problems);
    for (const { row, get } of records) {
      const p = (field: string, code: string, message: string) =>
        problems.push({ sheet, row, field, code, message });
      if (sheet === 'classes') {
        const r = classRow(row, get, p);
        if (r) rows.classes.push(r);
      } else if (sheet === 'learners') {
        const person = personRow(row, get, p);
        const ethnicity = get('ethnicity').normalize('NFC');
        const grade = gradeOf(get('grade'), p);
        const className = optionalClass(get('class'), 'class', p);
        const guardianAccount = optionalAccount(get('guardian_account'), 'guardian_account', p);
        if (ethnicity && !/^[\p{L} -]{1,50}$/u.test(ethnicity))
          p('ethnicity', 'invalid', 'must be the name of an ethnic group (dân tộc)');
        if (
          person &&
          grade !== undefined &&
          className !== undefined &&
          guardianAccount !== undefined
        )
          rows.learners.push({ ...person, ethnicity, grade, className, guardianAccount });
      } else if (sheet === 'staff') {
        const person = personRow(row, get, p);
        const role = ROLES[foldHeader(get('role'))];
        if (!role)
          p('role', 'invalid', 'must be Giáo viên, Hiệu trưởng, Phó hiệu trưởng or Nhân viên');
        const account = optionalAccount(get('account'), 'account', p);
        if (person && role && account !== undefined) rows.staff.push({ ...person, role, account });
      } else {
        const className = optionalClass(get('class'), 'class', p);
        const subjectCode = get('subject').toUpperCase();
        const teacher = get('teacher_personal_id');
        if (!SUBJECT_CODE.test(subjectCode))
          p('subject', 'invalid', 'must be a subject code (A-Z, 0-9, _), e.g. TOAN');
        const teacherOk = personalIdOk(teacher, 'teacher_personal_id', p);
        if (className && SUBJECT_CODE.test(subjectCode) && teacherOk)
          rows.assignments.push({ row, className, subjectCode, teacherPersonalId: teacher });
      }
    }
  }
  duplicates(rows, problems);
  // In file order: sheet by sheet, row by row (header problems first).
  const order = (p: RowProblem) => ROSTER_SHEETS.indexOf(p.sheet) * 1e7 + p.row;
  return { rows, problems: problems.sort((a, b) => order(a) - order(b)) };
}

type Getter = (key: string) => string;
type Report = (field: string, code: string, message: string) => void;

/** The data rows of a sheet with a getter by column key; problems for the header. */
function recordsOf(
  sheet: RosterSheet,
  cells: SheetCells,
  problems: RowProblem[],
): Array<{ row: number; get: Getter }> {
  const header = (cells[0] ?? []).map((h) => foldHeader(String(h ?? '')));
  const columns = COLUMNS[sheet];
  const index = new Map<string, number>();
  for (const c of columns) {
    const at = header.findIndex((h) => c.headers.some((name) => foldHeader(name) === h));
    if (at >= 0) index.set(c.key, at);
    else if (c.required)
      problems.push({
        sheet,
        row: 1,
        field: c.key,
        code: 'missing-column',
        message: `the header has no column ${c.headers[1] ?? c.key} (${c.key})`,
      });
  }
  if (columns.some((c) => c.required && !index.has(c.key))) return [];
  const out: Array<{ row: number; get: Getter }> = [];
  cells.slice(1).forEach((cellsOfRow, i) => {
    const values = cellsOfRow.map((v) => String(v ?? '').trim());
    if (values.every((v) => v === '')) return; // blank lines at the end of an export
    const get: Getter = (key) => {
      const at = index.get(key);
      return at === undefined ? '' : (values[at] ?? '');
    };
    const row = i + 2;
    for (const c of columns)
      if (c.required && get(c.key) === '')
        problems.push({ sheet, row, field: c.key, code: 'required', message: 'must not be empty' });
    if (columns.every((c) => !c.required || get(c.key) !== '')) out.push({ row, get });
  });
  return out;
}

function personalIdOk(pid: string, field: string, p: Report, dateOfBirth?: string): boolean {
  const check = checkPersonalId(pid, dateOfBirth);
  if (!check.ok) p(field, 'personal-id', `personal id: ${check.reason}`);
  return check.ok;
}

function personRow(row: number, get: Getter, p: Report): PersonRow | undefined {
  const fullName = normaliseName(get('full_name'));
  if (!fullName) p('full_name', 'invalid', 'must be a name: letters and spaces, at most 150');
  const dateOfBirth = parseDay(get('date_of_birth'));
  if (!dateOfBirth) p('date_of_birth', 'invalid', 'must be a real day, dd/mm/yyyy or yyyy-mm-dd');
  const gender = GENDERS[foldHeader(get('gender'))];
  if (!gender) p('gender', 'invalid', 'must be Nam or Nữ');
  const personalId = get('personal_id');
  // Without a date of birth the structure is still checked; its year only with one.
  const idOk = personalIdOk(personalId, 'personal_id', p, dateOfBirth);
  if (idOk && gender && genderOfPersonalId(personalId) !== gender)
    p('personal_id', 'personal-id', `personal id: digit 4 encodes the other gender`);
  if (!fullName || !dateOfBirth || !gender || !idOk || genderOfPersonalId(personalId) !== gender)
    return undefined;
  return { row, personalId, fullName, dateOfBirth, gender };
}

function gradeOf(text: string, p: Report): number | undefined {
  const grade = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (grade >= 1 && grade <= 12) return grade;
  p('grade', 'invalid', 'must be a grade from 1 to 12');
  return undefined;
}

function classRow(row: number, get: Getter, p: Report): ClassRow | undefined {
  const name = optionalClass(get('class'), 'class', p);
  const grade = gradeOf(get('grade'), p);
  const homeroom = get('homeroom_teacher_personal_id');
  const homeroomOk = homeroom === '' || personalIdOk(homeroom, 'homeroom_teacher_personal_id', p);
  if (!name || grade === undefined || !homeroomOk) return undefined;
  return { row, name, grade, homeroomTeacherPersonalId: homeroom || null };
}

/** null when empty, undefined when malformed (reported). */
function optionalClass(text: string, field: string, p: Report): string | null | undefined {
  if (text === '') return null;
  const name = text.normalize('NFC').replace(/\s+/g, ' ');
  if (CLASS_NAME.test(name)) return name;
  p(field, 'invalid', 'must be a class name, e.g. 6A1 (letters, digits, at most 50)');
  return undefined;
}

function optionalAccount(text: string, field: string, p: Report): string | null | undefined {
  if (text === '') return null;
  if (ACCOUNT.test(text)) return text;
  p(field, 'invalid', 'must be an account id of the sign-in service (no spaces, at most 200)');
  return undefined;
}

/** The same person, class or assignment twice in the file: every repeat is a problem. */
function duplicates(rows: RosterRows, problems: RowProblem[]): void {
  const seen = <T>(
    sheet: RosterSheet,
    list: T[],
    keyOf: (r: T) => string,
    rowOf: (r: T) => number,
    field: string,
    what: string,
  ) => {
    const first = new Map<string, number>();
    for (const r of list) {
      const k = keyOf(r);
      const at = first.get(k);
      if (at === undefined) first.set(k, rowOf(r));
      else
        problems.push({
          sheet,
          row: rowOf(r),
          field,
          code: 'duplicate',
          message: `${what} is already on row ${at}`,
        });
    }
  };
  seen(
    'classes',
    rows.classes,
    (r) => foldHeader(r.name),
    (r) => r.row,
    'class',
    'the class',
  );
  seen(
    'learners',
    rows.learners,
    (r) => r.personalId,
    (r) => r.row,
    'personal_id',
    'this person',
  );
  seen(
    'staff',
    rows.staff,
    (r) => r.personalId,
    (r) => r.row,
    'personal_id',
    'this person',
  );
  seen(
    'assignments',
    rows.assignments,
    (r) => `${foldHeader(r.className)}|${r.subjectCode}`,
    (r) => r.row,
    'subject',
    'this class and subject',
  );
}
