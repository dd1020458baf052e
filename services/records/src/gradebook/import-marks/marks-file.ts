/**
 * A class's marks file as school-management systems export it (vnEdu, SMAS): one row per
 * learner, the learner's student id and the term's assessment cells, under headings matched
 * case- and accent-insensitively. Pure functions: bytes or text in, rows and problems out, each
 * problem named `rows[N].<heading>` with N the file's row number (the heading row included).
 * Other columns a system exports (STT, the learner's name, date of birth…) are ignored and their
 * values never copied anywhere; a heading not known at all is a problem, so that a misspelt mark
 * column is not silently dropped.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FieldError } from '@qn/contracts';
import type { EntryProblem, LearnerEntry } from '../domain/class-term-marks';

/** At most this many learner rows: a class is far smaller. */
export const MAX_MARKS_ROWS = 200;
/** At most this many regular assessments (TX1..TX6): the form takes as many. */
const MAX_REGULAR = 6;
/** Where a heading row may be: under a title block, within the first rows. */
const HEADING_SEARCH_ROWS = 20;

/** One row of the file, numbered as a spreadsheet shows it (1 = first line). */
export interface NumberedRow {
  row: number;
  cells: readonly string[];
}

export interface MarksFileColumns {
  studentId: string;
  /** The heading of each regular assessment by position (TX1 at 0); undefined when absent. */
  regular: Array<string | undefined>;
  midTerm?: string;
  endOfTerm?: string;
}

export interface MarksFileRow {
  /** The file's row number. */
  row: number;
  entry: LearnerEntry;
}

export interface MarksFile {
  columns?: MarksFileColumns;
  rows: MarksFileRow[];
  /** Problems of the file's layout and of rows that name no learner (`rows[N].<heading>`). */
  problems: FieldError[];
}

/** "Giữa kì" → "giuaki", "ĐĐGtx1" → "ddgtx1", "ma_hoc_sinh" → "mahocsinh". */
export function headingKey(heading: string): string {
  return heading
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const STUDENT_ID = new Set(['mahocsinh', 'mahs', 'studentid']);
const MID_TERM = new Set(['gk', 'ddggk', 'giuaki', 'giuaky', 'giuahocki', 'giuahocky']);
const END_OF_TERM = new Set(['ck', 'ddgck', 'cuoiki', 'cuoiky', 'cuoihocki', 'cuoihocky']);
const REGULAR = /^(?:tx|ddgtx)([1-9])$/;
/** Columns exported beside the marks that the import reads nothing from. */
const IGNORED = new Set([
  'stt',
  'hoten',
  'hovaten',
  'hotenhocsinh',
  'tenhocsinh',
  'ten',
  'name',
  'fullname',
  'ngaysinh',
  'dateofbirth',
  'gioitinh',
  'lop',
  'class',
  'ghichu',
]);

type Column =
  | { kind: 'studentId' }
  | { kind: 'regular'; index: number }
  | { kind: 'midTerm' }
  | { kind: 'endOfTerm' }
  | { kind: 'ignored' };

function columnOf(heading: string): Column | undefined {
  const key = headingKey(heading);
  if (STUDENT_ID.has(key)) return { kind: 'studentId' };
  if (MID_TERM.has(key)) return { kind: 'midTerm' };
  if (END_OF_TERM.has(key)) return { kind: 'endOfTerm' };
  const regular = REGULAR.exec(key);
  if (regular && Number(regular[1]) <= MAX_REGULAR)
    return { kind: 'regular', index: Number(regular[1]) - 1 };
  if (IGNORED.has(key)) return { kind: 'ignored' };
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** The learners' rows of a file read into cells (CSV or a workbook's first sheet). */
export function marksFileFromRows(rows: readonly NumberedRow[]): MarksFile {
  const problems: FieldError[] = [];
  const filled = rows.filter((r) => !isBlank(r.cells));
  if (filled.length === 0) return { rows: [], problems: [{ field: 'file', message: 'is empty' }] };
  const headingAt = filled
    .slice(0, HEADING_SEARCH_ROWS)
    .findIndex((r) => r.cells.some((c) => columnOf(c)?.kind === 'studentId'));
  if (headingAt < 0)
    return {
      rows: [],
      problems: [
        { field: 'file', message: 'has no heading row with a ma_hoc_sinh (student_id) column' },
      ],
    };
  const heading = filled[headingAt];
  const at = (n: number, h: string) => `rows[${n}].${h}`;

  // The heading row: which column is which.
  const byIndex = new Map<number, Exclude<Column, { kind: 'ignored' }>>();
  const used = new Map<string, string>();
  const columns: MarksFileColumns = { studentId: '', regular: [] };
  heading.cells.forEach((raw, c) => {
    const h = raw.trim();
    if (h === '') return;
    const col = columnOf(h);
    if (!col) {
      problems.push({
        field: at(heading.row, h),
        message: 'is not a column of a marks file (ma_hoc_sinh, TX1..TX6, GK, CK)',
      });
      return;
    }
    if (col.kind === 'ignored') return;
    const slot = col.kind === 'regular' ? `regular${col.index}` : col.kind;
    if (used.has(slot)) {
      problems.push({ field: at(heading.row, h), message: `repeats the column ${used.get(slot)}` });
      return;
    }
    used.set(slot, h);
    byIndex.set(c, col);
    if (col.kind === 'regular') columns.regular[col.index] = h;
    else columns[col.kind] = h;
  });

  // The learners' rows.
  const out: MarksFileRow[] = [];
  const body = filled.slice(headingAt + 1);
  for (const r of body) {
    // A value under no heading is a column nobody can name: refuse it rather than guess.
    r.cells.forEach((v, c) => {
      if (v.trim() !== '' && (heading.cells[c] ?? '').trim() === '')
        problems.push({
          field: `rows[${r.row}].column ${c + 1}`,
          message: 'has a value but no heading',
        });
    });
    const entry: LearnerEntry & { regular: string[] } = { studentId: '', regular: [] };
    for (const [c, col] of byIndex) {
      const value = (r.cells[c] ?? '').trim();
      if (col.kind === 'studentId') entry.studentId = value;
      else if (col.kind === 'regular') entry.regular[col.index] = value;
      else if (value !== '') entry[col.kind] = value;
    }
    entry.regular = Array.from(entry.regular, (v) => v ?? '');
    while (entry.regular.length && entry.regular[entry.regular.length - 1] === '')
      entry.regular.pop();
    const marked = entry.regular.length > 0 || entry.midTerm || entry.endOfTerm;
    // A row with neither a learner nor a mark (a name alone, a signature line) says nothing.
    if (entry.studentId === '' && !marked) continue;
    if (entry.studentId === '')
      problems.push({ field: at(r.row, columns.studentId), message: 'is empty' });
    else if (!UUID.test(entry.studentId))
      problems.push({ field: at(r.row, columns.studentId), message: 'is not a student id' });
    else out.push({ row: r.row, entry });
  }
  if (out.length === 0 && problems.length === 0)
    problems.push({ field: 'file', message: 'has no learner rows' });
  if (body.length > MAX_MARKS_ROWS)
    problems.push({ field: 'file', message: `has more than ${MAX_MARKS_ROWS} learner rows` });
  return { columns, rows: out, problems };
}

/**
 * Where a problem of a row's entry is in the file: `rows[N].<heading>` (the regular count under
 * the first assessment over the limit), `subjectCode` for the subject's own.
 */
export function fieldInFile(file: MarksFile, p: EntryProblem): string {
  if (p.index === null || !file.columns) return 'subjectCode';
  const { row, entry } = file.rows[p.index];
  const cols = file.columns;
  const field = p.problem.field;
  const regular = /^regular\[(\d+)\]$/.exec(field);
  const heading =
    field === 'studentId'
      ? cols.studentId
      : regular
        ? cols.regular[Number(regular[1])]
        : field === 'regular'
          ? overLimit(cols, entry, Number(p.problem.params?.required ?? 0))
          : field === 'midTerm'
            ? cols.midTerm
            : field === 'endOfTerm'
              ? cols.endOfTerm
              : undefined;
  return `rows[${row}].${heading ?? field}`;
}

function overLimit(cols: MarksFileColumns, entry: LearnerEntry, required: number) {
  const entered = entry.regular.map((v, i) => ({ v, i })).filter(({ v }) => v.trim() !== '');
  return cols.regular[(entered[required] ?? entered[entered.length - 1])?.i ?? 0];
}

/**
 * A CSV file: UTF-8 (a BOM allowed), quotes as RFC 4180, separated by commas, or by semicolons
 * when the heading line has more of them (Excel's CSV where the decimal mark is a comma).
 */
export function readMarksCsv(text: string): MarksFile {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    // csv-parse names the line; the message carries no cell value.
    const line = (error as { lines?: number }).lines;
    return {
      rows: [],
      problems: [
        {
          field: 'file',
          message: `cannot be read as CSV${line ? ` (line ${line})` : ''}: check quotes and separators`,
        },
      ],
    };
  }
  let previous = 0;
  const rows = records.map(({ record, info }) => {
    const row = { row: previous + 1, cells: record };
    previous = info.lines;
    return row;
  });
  return marksFileFromRows(rows);
}

const count = (s: string, c: string) => s.split(c).length - 1;

/** An XLSX workbook: its first sheet, rows numbered as Excel shows them. */
export async function readMarksXlsx(bytes: Buffer): Promise<MarksFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Buffer<ArrayBufferLike>.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ field: 'file', message: 'is not an XLSX workbook' }] };
  }
  const sheet = workbook.worksheets[0];
  const rows: NumberedRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = cell.text ?? '';
    });
    rows.push({ row: n, cells: Array.from(cells, (v) => v ?? '') });
  });
  return marksFileFromRows(rows);
}
