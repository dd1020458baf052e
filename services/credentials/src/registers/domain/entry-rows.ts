/**
 * Rows of a historic register (sổ gốc) typed from the scanned paper book, checked all at once:
 * every problem of every row is named (`rows[N].<column>`, N = the file's row number), never a
 * value, and the file is accepted only without any. Pure: the entries already stored are given.
 */
import type { FieldError } from '@qn/contracts';
import {
  canonicalText,
  FieldCheck,
  Gender,
  optionalDate,
  optionalGender,
  optionalSerial,
  optionalText,
  requiredText,
} from './entry-fields';

/** The file's columns (Vietnamese headings without marks), what each holds. */
export const ENTRY_COLUMNS = {
  /** Số vào sổ gốc: the entry number. */
  so_vao_so: 'entryNumber',
  /** Số hiệu văn bằng: the diploma's serial; blank when unreadable. */
  so_hieu: 'serialNumber',
  ho_ten: 'holderFullName',
  ngay_sinh: 'holderDateOfBirth',
  noi_sinh: 'holderPlaceOfBirth',
  gioi_tinh: 'holderGender',
  dan_toc: 'holderEthnicity',
  /** The school as printed; blank: the register's school. */
  truong: 'schoolName',
  /** Xếp loại tốt nghiệp. */
  xep_loai: 'classification',
  /** Số quyết định công nhận tốt nghiệp. */
  so_quyet_dinh: 'decisionReference',
  ngay_cap: 'issuedOn',
  /** Where the entry was read: the scanned page (provenance). */
  trang_scan: 'scanReference',
} as const;
export type EntryColumn = keyof typeof ENTRY_COLUMNS;

/** Columns every file has. */
export const REQUIRED_COLUMNS: readonly EntryColumn[] = ['so_vao_so', 'ho_ten', 'trang_scan'];

/** One entry as read from the book, canonical. */
export interface EntryDraft {
  entryNumber: string;
  serialNumber: string | null;
  holderFullName: string;
  holderDateOfBirth: string | null;
  holderPlaceOfBirth: string | null;
  holderGender: Gender | null;
  holderEthnicity: string | null;
  schoolName: string;
  classification: string | null;
  decisionReference: string | null;
  issuedOn: string | null;
  scanReference: string;
}

/** One row of the file: its row number and its cells by column (absent columns are blank). */
export interface EntryRow {
  row: number;
  cells: Partial<Record<EntryColumn, string>>;
}

export interface RegisterContext {
  /** The register's school as printed, used when a row leaves `truong` blank. */
  schoolName: string | null;
  graduationYear: number;
  /** Today (YYYY-MM-DD): no date may be later. */
  today: string;
}

/** What the register and its kind already hold (canonical forms). */
export interface Existing {
  entryNumbers: ReadonlySet<string>;
  serialNumbers: ReadonlySet<string>;
}

export interface CheckedRows {
  entries: Array<EntryDraft & { row: number }>;
  problems: FieldError[];
}

const at = (row: number, column: EntryColumn) => `rows[${row}].${column}`;

/** The fields of one entry (also what a review's corrections are checked with). */
export const entryFieldChecks: {
  [K in keyof EntryDraft]: (
    raw: string | undefined,
    ctx: RegisterContext,
  ) => FieldCheck<EntryDraft[K]>;
} = {
  entryNumber: (raw) => requiredText(raw, 50),
  serialNumber: (raw) => optionalSerial(raw),
  holderFullName: (raw) => requiredText(raw, 150),
  holderDateOfBirth: (raw, ctx) => optionalDate(raw, ctx.today),
  holderPlaceOfBirth: (raw) => optionalText(raw, 200),
  holderGender: (raw) => optionalGender(raw),
  holderEthnicity: (raw) => optionalText(raw, 50),
  schoolName: (raw, ctx) => {
    const own = optionalText(raw, 300);
    if (!own.ok || own.value !== null) return own as FieldCheck<string>;
    return ctx.schoolName
      ? { ok: true, value: canonicalText(ctx.schoolName) }
      : { ok: false, message: 'is required (the register names no school)' };
  },
  classification: (raw) => optionalText(raw, 50),
  decisionReference: (raw) => optionalText(raw, 100),
  issuedOn: (raw, ctx) => optionalDate(raw, ctx.today),
  scanReference: (raw) => requiredText(raw, 300),
};

/**
 * Checks every row: each field; the dates together (born before the diploma, issued in or after
 * the graduation year); the entry number once per register and the serial once per kind, within
 * the file and against what is stored. All rows' problems, in row order.
 */
export function checkEntryRows(
  rows: readonly EntryRow[],
  ctx: RegisterContext,
  existing: Existing,
): CheckedRows {
  const problems: FieldError[] = [];
  const entries: CheckedRows['entries'] = [];
  const numbersSeen = new Map<string, number>();
  const serialsSeen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const draft: Partial<Record<keyof EntryDraft, unknown>> = {};
    let rowOk = true;
    for (const [column, field] of Object.entries(ENTRY_COLUMNS) as Array<
      [EntryColumn, keyof EntryDraft]
    >) {
      const check = entryFieldChecks[field](cells[column], ctx);
      if (check.ok) draft[field] = check.value;
      else {
        rowOk = false;
        problems.push({ field: at(row, column), message: check.message });
      }
    }
    const e = draft as EntryDraft;
    if (e.holderDateOfBirth && e.issuedOn && e.holderDateOfBirth >= e.issuedOn) {
      rowOk = false;
      problems.push({ field: at(row, 'ngay_sinh'), message: 'must be before ngay_cap' });
    }
    if (e.issuedOn && Number(e.issuedOn.slice(0, 4)) < ctx.graduationYear) {
      rowOk = false;
      problems.push({
        field: at(row, 'ngay_cap'),
        message: "must not be before the register's graduation year",
      });
    }
    if (typeof e.entryNumber === 'string') {
      const first = numbersSeen.get(e.entryNumber);
      if (first !== undefined) {
        rowOk = false;
        problems.push({ field: at(row, 'so_vao_so'), message: `repeats row ${first}` });
      } else if (existing.entryNumbers.has(e.entryNumber)) {
        rowOk = false;
        problems.push({ field: at(row, 'so_vao_so'), message: 'is already in the register' });
      } else numbersSeen.set(e.entryNumber, row);
    }
    if (typeof e.serialNumber === 'string') {
      const first = serialsSeen.get(e.serialNumber);
      if (first !== undefined) {
        rowOk = false;
        problems.push({ field: at(row, 'so_hieu'), message: `repeats row ${first}` });
      } else if (existing.serialNumbers.has(e.serialNumber)) {
        rowOk = false;
        problems.push({
          field: at(row, 'so_hieu'),
          message: 'is already recorded for a diploma of this kind',
        });
      } else serialsSeen.set(e.serialNumber, row);
    }
    if (rowOk) entries.push({ ...e, row });
  }
  return { entries, problems };
}
