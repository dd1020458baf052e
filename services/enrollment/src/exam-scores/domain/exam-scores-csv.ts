/**
 * Grade 10 entrance exam scores as the exam board exports them (CSV, UTF-8, comma-separated):
 *   personal_id,TOAN,VAN,ANH[,bonus]
 *   022310001234,8.25,7.5,9
 * One row per candidate; scores 0-10 with at most two decimals; `bonus` (điểm khuyến khích)
 * optional, and only in rounds of intakes before 2025-2026: the admission regulation issued
 * with Circular 30/2024/TT-BGDĐT adds no bonus points, so a file or batch carrying them for a
 * later round is refused rather than silently ignored. Pure: the service matches rows to
 * applications by the keyed hash of personal_id.
 */
import { checkPersonalId } from '@qn/privacy';

export interface ScoreRow {
  line: number;
  personalId: string;
  scores: Record<string, number>;
  bonus?: number;
}

export interface CsvProblem {
  line: number;
  field: string;
  message: string;
}

const SCORE = /^(10(\.0{1,2})?|\d(\.\d{1,2})?)$/;

const NO_BONUS =
  'điểm khuyến khích is not added from the 2025-2026 intake (Circular 30/2024/TT-BGDĐT)';

export function parseExamScoresCsv(
  text: string,
  subjects: string[],
  bonusAllowed = false,
): { rows: ScoreRow[]; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: CsvProblem[] = [];
  const rows: ScoreRow[] = [];
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header[0] !== 'personal_id')
    problems.push({
      line: 1,
      field: 'personal_id',
      message: 'the first column must be personal_id',
    });
  const columns = header.slice(1);
  for (const s of subjects)
    if (!columns.includes(s))
      problems.push({
        line: 1,
        field: s,
        message: 'missing column for an exam subject of this round',
      });
  for (const c of columns)
    if (c === 'bonus' && !bonusAllowed) problems.push({ line: 1, field: c, message: NO_BONUS });
    else if (c !== 'bonus' && !subjects.includes(c))
      problems.push({ line: 1, field: c, message: 'not an exam subject of this round' });
  if (problems.length) return { rows, problems };
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim()) return;
    const cells = raw.split(',').map((c) => c.trim());
    if (cells.length !== header.length) {
      problems.push({
        line,
        field: 'row',
        message: `expected ${header.length} columns, found ${cells.length}`,
      });
      return;
    }
    const personalId = cells[0];
    const pid = checkPersonalId(personalId);
    if (!pid.ok) problems.push({ line, field: 'personal_id', message: pid.reason! });
    else if (seen.has(personalId))
      problems.push({
        line,
        field: 'personal_id',
        message: `repeats line ${seen.get(personalId)}`,
      });
    else seen.set(personalId, line);
    const row: ScoreRow = { line, personalId, scores: {} };
    columns.forEach((c, j) => {
      const cell = cells[j + 1];
      if (c === 'bonus' && cell === '') return;
      if (!SCORE.test(cell))
        problems.push({
          line,
          field: c,
          message: 'must be a score from 0 to 10 with at most two decimals',
        });
      else if (c === 'bonus') row.bonus = Number(cell);
      else row.scores[c] = Number(cell);
    });
    rows.push(row);
  });
  return { rows, problems };
}

/**
 * The same rules for scores that arrive as an event (`enrollment.exam-scores.published`): every
 * exam subject of the round and no other, a valid and unrepeated personal id per candidate.
 * `line` is the candidate's position in the batch (1-based). Ranges and decimals are checked
 * by the event's JSON schema before this runs.
 */
export function checkScoreBatch(
  candidates: ReadonlyArray<{ personalId: string; scores: Record<string, number>; bonus?: number }>,
  subjects: string[],
  bonusAllowed = false,
): { rows: ScoreRow[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const seen = new Map<string, number>();
  const rows = candidates.map((c, i): ScoreRow => {
    const line = i + 1;
    const pid = checkPersonalId(c.personalId);
    if (!pid.ok) problems.push({ line, field: 'personalId', message: pid.reason! });
    else if (seen.has(c.personalId))
      problems.push({
        line,
        field: 'personalId',
        message: `repeats candidate ${seen.get(c.personalId)}`,
      });
    else seen.set(c.personalId, line);
    for (const s of subjects)
      if (!(s in c.scores))
        problems.push({
          line,
          field: `scores.${s}`,
          message: 'missing: an exam subject of this round',
        });
    for (const s of Object.keys(c.scores))
      if (!subjects.includes(s))
        problems.push({ line, field: `scores.${s}`, message: 'not an exam subject of this round' });
    if (c.bonus !== undefined && !bonusAllowed)
      problems.push({ line, field: 'bonus', message: NO_BONUS });
    return { line, personalId: c.personalId, scores: { ...c.scores }, bonus: c.bonus };
  });
  return { rows, problems };
}
