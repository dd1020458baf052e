import { checkSchoolYear } from './school-year';

const year = {
  code: '2025-2026',
  startsOn: '2025-09-05',
  endsOn: '2026-05-31',
  terms: [
    { code: 'HK1', name: 'Học kỳ I', startsOn: '2025-09-05', endsOn: '2026-01-17' },
    { code: 'HK2', name: 'Học kỳ II', startsOn: '2026-01-19', endsOn: '2026-05-31' },
  ],
};

describe('school year rules', () => {
  it('accepts a year with two terms in order', () => {
    expect(checkSchoolYear(year)).toEqual([]);
  });
  it('names every inconsistency', () => {
    const bad = {
      ...year,
      code: '2025-2027',
      terms: [year.terms[1], { ...year.terms[0], endsOn: '2026-07-01' }],
    };
    expect(checkSchoolYear(bad).map((e) => e.field)).toEqual([
      'code',
      'terms.1',
      'terms.1.startsOn',
    ]);
  });
});
