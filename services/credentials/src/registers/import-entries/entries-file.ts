/**
 * A historic register's CSV file: UTF-8 (a BOM allowed), RFC 4180 quotes, `,` or (when the
 * heading line has more of them) `;` as separator. The first row names the columns
 * (`so_vao_so`, `so_hieu`, `ho_ten`, …, matched without case or Vietnamese marks, so
 * `Số vào sổ` is `so_vao_so`); row numbers are the file's (the heading is row 1). Pure.
 */
import { parse } from 'csv-parse/sync';
import type { FieldError } from '@qn/contracts';
import { ENTRY_COLUMNS, EntryColumn, EntryRow, REQUIRED_COLUMNS } from '../domain/entry-rows';
import { foldAccents } from '../domain/entry-fields';

/** A register's book is a few thousand entries; a file far beyond that is not one book. */
export const MAX_ENTRIES_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_ENTRY_ROWS = 10000;

export interface EntriesFile {
  rows: EntryRow[];
  /** Problems of the file's layout (unreadable, unknown or missing columns, too many rows). */
  problems: FieldError[];
}

/** `Số vào sổ` → `so_vao_so`. */
export function columnKey(heading: string): string {
  return foldAccents(heading.normalize('NFC'))
    .toLowerCase()
    .trim()
    .replace(/[\s-]+/g, '_');
}

const count = (s: string, c: string) => s.split(c).length - 1;

export function readEntriesCsv(text: string): EntriesFile {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    // csv-parse names the line; its message could quote a cell, so it is not passed on.
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
  const [heading, ...body] = records;
  if (!heading) return { rows: [], problems: [{ field: 'file', message: 'is empty' }] };
  const problems: FieldError[] = [];
  const columns: Array<EntryColumn | null> = heading.record.map((h, i) => {
    const key = columnKey(h);
    if (key in ENTRY_COLUMNS) return key as EntryColumn;
    // A misspelt column must not vanish silently; a heading is not personal data.
    if (key !== '' && key !== 'stt')
      problems.push({ field: `columns[${i + 1}]`, message: 'is not a column of a register file' });
    return null;
  });
  for (const c of REQUIRED_COLUMNS)
    if (!columns.includes(c)) problems.push({ field: `columns.${c}`, message: 'is missing' });
  const seen = new Set<EntryColumn>();
  for (const c of columns) {
    if (c && seen.has(c)) problems.push({ field: `columns.${c}`, message: 'appears twice' });
    if (c) seen.add(c);
  }
  if (body.length === 0) problems.push({ field: 'file', message: 'has no entry rows' });
  if (body.length > MAX_ENTRY_ROWS)
    problems.push({ field: 'file', message: `has more than ${MAX_ENTRY_ROWS} rows` });
  let previous = heading.info.lines;
  const rows: EntryRow[] = [];
  for (const { record, info } of body) {
    const row = previous + 1;
    previous = info.lines;
    // A row of blanks (a ruled line left empty) is no entry.
    if (record.every((c) => c.trim() === '')) continue;
    const cells: EntryRow['cells'] = {};
    record.forEach((v, i) => {
      const c = columns[i];
      if (c) cells[c] = v;
    });
    rows.push({ row, cells });
  }
  return { rows, problems };
}
