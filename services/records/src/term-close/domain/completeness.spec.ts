import { LOWER_SECONDARY_RULES } from '../../gradebook/domain/level-rules';
import type { StoredTermMarks } from '../../gradebook/domain/term-marks';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import { missingMarks, missingPrimaryAssessments, missingQualities } from './completeness';

describe('a subject’s term is confirmed only with every learner’s required assessments', () => {
  const full = { regular: ['7', '8', '9', '6'], midTerm: '8', endOfTerm: '7.5' };

  it('confirms when every learner has all four regular, the mid-term and the end-of-term marks', () => {
    expect(
      missingMarks(
        LOWER_SECONDARY_RULES,
        7,
        'TOAN',
        ['a', 'b'],
        new Map([
          ['a', full],
          ['b', full],
        ]),
      ),
    ).toEqual([]);
  });

  it('names each learner and cell that is missing, and a learner with nothing at all', () => {
    const gaps = missingMarks(
      LOWER_SECONDARY_RULES,
      7,
      'TOAN',
      ['a', 'b', 'c'],
      new Map<string, StoredTermMarks>([
        ['a', full],
        ['b', { regular: ['7', '8', '9'], midTerm: '8', endOfTerm: null }],
      ]),
    );
    expect(gaps.map((g) => g.field)).toEqual([
      'marks[b].regular',
      'marks[b].endOfTerm',
      'marks[c]',
    ]);
  });

  it('takes an explicit 0 or CĐ for a missed assessment: a blank never passes', () => {
    const zero = { regular: ['0', '8', '9', '6'], midTerm: '0', endOfTerm: '5' };
    expect(missingMarks(LOWER_SECONDARY_RULES, 7, 'TOAN', ['a'], new Map([['a', zero]]))).toEqual(
      [],
    );
    const pe = { regular: ['Đ', 'CĐ'], midTerm: 'Đ', endOfTerm: 'Đ' };
    expect(missingMarks(LOWER_SECONDARY_RULES, 7, 'GDTC', ['a'], new Map([['a', pe]]))).toEqual([]);
  });
});

describe('a primary subject’s term (Circular 27) is confirmed only with every checkpoint assessed', () => {
  const done = (testScore: number | null) => [
    { checkpoint: 'mid' as const, level: 'T', testScore },
    { checkpoint: 'end' as const, level: 'H', testScore },
  ];

  it('needs both checkpoints’ levels, and the test marks where the grade has a periodic test', () => {
    // Grade 4 Toán: tests at mid-term and end of term.
    expect(missingPrimaryAssessments(4, 'TOAN', 1, ['a'], new Map([['a', done(8)]]))).toEqual([]);
    expect(
      missingPrimaryAssessments(4, 'TOAN', 1, ['a', 'b'], new Map([['a', done(null)]])).map(
        (m) => m.field,
      ),
    ).toEqual([
      'assessments[a].mid.testScore',
      'assessments[a].end.testScore',
      'assessments[b].mid.level',
      'assessments[b].end.level',
    ]);
    // Grade 2 Toán: an end-of-term test only; Đạo đức: no test at all.
    expect(
      missingPrimaryAssessments(
        2,
        'TOAN',
        2,
        ['a'],
        new Map([
          [
            'a',
            [
              { checkpoint: 'mid' as const, level: 'T', testScore: null },
              { checkpoint: 'end' as const, level: 'T', testScore: null },
            ],
          ],
        ]),
      ).map((m) => m.field),
    ).toEqual(['assessments[a].end.testScore']);
    expect(missingPrimaryAssessments(2, 'DD', 2, ['a'], new Map([['a', done(null)]]))).toEqual([]);
  });

  it('qualities and competencies: all fifteen at both checkpoints', () => {
    const all = Object.fromEntries(QUALITY_CODES.map((c) => [c, 'T']));
    const { chamChi: _, ...lacking } = all;
    expect(missingQualities(['a'], new Map([['a', { mid: all, end: all }]]))).toEqual([]);
    expect(missingQualities(['a', 'b'], new Map([['a', { mid: all, end: lacking }]]))).toEqual([
      { field: 'qualities[a].end', message: 'missing chamChi' },
      { field: 'qualities[b].mid', message: `missing ${QUALITY_CODES.join(', ')}` },
      { field: 'qualities[b].end', message: `missing ${QUALITY_CODES.join(', ')}` },
    ]);
  });
});
