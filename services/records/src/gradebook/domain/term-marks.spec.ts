import { LOWER_SECONDARY_RULES } from './level-rules';
import { canonicalCells, secondaryRulesFor, termMarksView } from './term-marks';
import { validateSecondaryTermMarks } from './validate';

describe('a learner’s marks as the gradebook keeps and shows them', () => {
  it('stores what a teacher typed in one canonical form: shortest score, Đ / CĐ', () => {
    const maths = validateSecondaryTermMarks(LOWER_SECONDARY_RULES, 7, 'TOAN', {
      regular: ['8,0', ' 7.5', '10'],
      midTerm: '6',
      endOfTerm: '9.0',
    });
    expect(maths.ok && canonicalCells(maths.value)).toEqual({
      regular: ['8', '7.5', '10'],
      midTerm: '6',
      endOfTerm: '9',
    });
    const pe = validateSecondaryTermMarks(LOWER_SECONDARY_RULES, 7, 'GDTC', {
      regular: ['đạt', 'CD'],
      midTerm: 'Đ',
    });
    expect(pe.ok && canonicalCells(pe.value)).toEqual({
      regular: ['Đ', 'CĐ'],
      midTerm: 'Đ',
      endOfTerm: null,
    });
  });

  it('shows the term average once every required assessment is there, exactly rounded', () => {
    // Maths in grade 7 has 140 periods a year: 4 regular assessments per term.
    const partial = termMarksView(LOWER_SECONDARY_RULES, 7, 'TOAN', {
      regular: ['7', '8', '9'],
      midTerm: '8',
      endOfTerm: '7.5',
    });
    expect(partial.termResult).toBeNull();
    // (7 + 8 + 9 + 6 + 2·8 + 3·7.5) / (4 + 5) = 68.5 / 9 = 7.61… → 7.6
    const full = termMarksView(LOWER_SECONDARY_RULES, 7, 'TOAN', {
      regular: ['7', '8', '9', '6'],
      midTerm: '8',
      endOfTerm: '7.5',
    });
    expect(full.termResult).toBe('7.6');
  });

  it('gives a commented subject Đ only when every assessment is Đ', () => {
    const view = (cells: string[]) =>
      termMarksView(LOWER_SECONDARY_RULES, 7, 'GDTC', {
        regular: cells,
        midTerm: 'Đ',
        endOfTerm: 'Đ',
      }).termResult;
    expect(view(['Đ', 'Đ'])).toBe('Đ');
    expect(view(['Đ', 'CĐ'])).toBe('CĐ');
  });

  it('sends primary grades to their own form (Circular 27)', () => {
    expect(secondaryRulesFor(3)).toMatchObject({ ok: false, problem: { field: 'grade' } });
    expect(secondaryRulesFor(10)).toMatchObject({ ok: true, rules: { level: 'upperSecondary' } });
  });
});
