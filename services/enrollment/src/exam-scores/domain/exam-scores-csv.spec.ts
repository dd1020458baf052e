import { checkScoreBatch, parseExamScoresCsv } from './exam-scores-csv';

const subjects = ['TOAN', 'VAN', 'ANH'];

describe('exam scores CSV', () => {
  it('reads scores with up to two decimals, the optional bonus (earlier intakes), a BOM and CRLF line ends', () => {
    const csv =
      '\uFEFFpersonal_id,TOAN,VAN,ANH,bonus\r\n022310001234,8.25,7.5,10,0.5\r\n022210005678,0,9.75,6,\r\n';
    expect(parseExamScoresCsv(csv, subjects, true)).toEqual({
      rows: [
        {
          line: 2,
          personalId: '022310001234',
          scores: { TOAN: 8.25, VAN: 7.5, ANH: 10 },
          bonus: 0.5,
        },
        { line: 3, personalId: '022210005678', scores: { TOAN: 0, VAN: 9.75, ANH: 6 } },
      ],
      problems: [],
    });
  });

  it('refuses a bonus column from the 2025-2026 intake on (Circular 30/2024)', () => {
    expect(
      parseExamScoresCsv('personal_id,TOAN,VAN,ANH,bonus\n022310001234,8,7,6,0.5\n', subjects)
        .problems,
    ).toEqual([{ line: 1, field: 'bonus', message: expect.stringContaining('Circular 30/2024') }]);
  });

  it('refuses a header without the round’s subjects or with unknown ones', () => {
    expect(parseExamScoresCsv('personal_id,TOAN,SU\n', subjects).problems).toEqual([
      { line: 1, field: 'VAN', message: 'missing column for an exam subject of this round' },
      { line: 1, field: 'ANH', message: 'missing column for an exam subject of this round' },
      { line: 1, field: 'SU', message: 'not an exam subject of this round' },
    ]);
  });

  it('names the line and column of every bad cell', () => {
    const csv =
      'personal_id,TOAN,VAN,ANH\n02231000123,8,8,8\n022310001234,10.5,8.123,x\n022310001234,1,2,3\n022310009999,1,2\n';
    expect(parseExamScoresCsv(csv, subjects).problems).toEqual([
      { line: 2, field: 'personal_id', message: 'must be exactly 12 digits' },
      { line: 3, field: 'TOAN', message: 'must be a score from 0 to 10 with at most two decimals' },
      { line: 3, field: 'VAN', message: 'must be a score from 0 to 10 with at most two decimals' },
      { line: 3, field: 'ANH', message: 'must be a score from 0 to 10 with at most two decimals' },
      { line: 4, field: 'personal_id', message: 'repeats line 3' },
      { line: 5, field: 'row', message: 'expected 4 columns, found 3' },
    ]);
  });
});

describe('checkScoreBatch (scores published as an event)', () => {
  const subjects = ['TOAN', 'VAN', 'ANH'];
  it('accepts candidates with exactly the round’s subjects, numbering them from 1', () => {
    const r = checkScoreBatch(
      [{ personalId: '022211000001', scores: { TOAN: 8, VAN: 7.25, ANH: 10 }, bonus: 0.5 }],
      subjects,
      true,
    );
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { line: 1, personalId: '022211000001', scores: { TOAN: 8, VAN: 7.25, ANH: 10 }, bonus: 0.5 },
    ]);
  });
  it('refuses a bonus from the 2025-2026 intake on', () => {
    const r = checkScoreBatch(
      [{ personalId: '022211000001', scores: { TOAN: 8, VAN: 7.25, ANH: 10 }, bonus: 0.5 }],
      subjects,
    );
    expect(r.problems.map((p) => `${p.line} ${p.field}`)).toEqual(['1 bonus']);
  });
  it('names every problem: bad or repeated personal id, missing or unknown subject', () => {
    const r = checkScoreBatch(
      [
        { personalId: '022211000001', scores: { TOAN: 8, VAN: 7, ANH: 6 } },
        { personalId: '022211000001', scores: { TOAN: 8, VAN: 7, ANH: 6 } },
        { personalId: '999211000001', scores: { TOAN: 8, VAN: 7, LY: 6 } },
      ],
      subjects,
    );
    expect(r.problems.map((p) => `${p.line} ${p.field}`)).toEqual([
      '2 personalId',
      '3 personalId',
      '3 scores.ANH',
      '3 scores.LY',
    ]);
    expect(r.problems[0].message).toBe('repeats candidate 1');
  });
});
