import { LOWER_SECONDARY_RULES } from '../../gradebook/domain/level-rules';
import type { StoredTermMarks } from '../../gradebook/domain/term-marks';
import { missingMarks } from './completeness';

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
