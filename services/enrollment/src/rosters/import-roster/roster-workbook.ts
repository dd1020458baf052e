import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { RuleViolation } from '@qn/contracts';
import { RosterSheet, ROSTER_SHEETS, SheetCells, sheetOf } from '../domain/roster-file';

/** Cells of the sheets of an XLSX workbook the import knows (other sheets are ignored). */
export async function readWorkbook(
  bytes: Buffer,
): Promise<Partial<Record<RosterSheet, SheetCells>>> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Buffer<ArrayBufferLike>.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('the file is not an XLSX workbook');
  }
  const sheets: Partial<Record<RosterSheet, SheetCells>> = {};
  for (const ws of workbook.worksheets) {
    const sheet = sheetOf(ws.name);
    if (!sheet) continue;
    const rows: SheetCells = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        cells[c - 1] = cellText(cell);
      });
      rows[n - 1] = Array.from(cells, (v) => v ?? '');
    });
    sheets[sheet] = Array.from(rows, (r) => r ?? []);
  }
  if (Object.keys(sheets).length === 0)
    throw unreadable(
      `the workbook has none of the sheets ${ROSTER_SHEETS.join(', ')} (or Lop, HocSinh, CanBo, PhanCong)`,
    );
  return sheets;
}

/** A date typed as a date in Excel comes as a Date (UTC midnight): written back as dd/mm/yyyy. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) {
    const d = v.toISOString().slice(0, 10).split('-');
    return `${d[2]}/${d[1]}/${d[0]}`;
  }
  return cell.text ?? '';
}

/** One sheet as CSV (UTF-8, comma-separated, quotes as RFC 4180, a BOM allowed). */
export function readCsv(
  text: string,
  sheet: RosterSheet,
): Partial<Record<RosterSheet, SheetCells>> {
  try {
    const cells = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as SheetCells;
    return { [sheet]: cells };
  } catch (error) {
    // csv-parse names the line; the message carries no cell value.
    const line = (error as { lines?: number }).lines;
    throw unreadable(
      `the CSV cannot be read${line ? ` (line ${line})` : ''}: check quotes and separators`,
    );
  }
}

const unreadable = (detail: string) =>
  new RuleViolation('roster-file-unreadable', 'The roster file cannot be read', detail);
