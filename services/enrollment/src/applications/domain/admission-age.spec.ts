import { admissionAgeCheck, ageByYear, type AgeException } from './admission-age';

describe('admissionAgeCheck (Điều lệ trường trung học, Circular 32/2020, Art. 33)', () => {
  const ex = (category: AgeException['category'], evidenceRef?: string): AgeException => ({
    category,
    evidenceRef,
  });

  it('counts age by year of birth, whatever the day', () => {
    expect(ageByYear('2026-2027', '2015-12-31')).toBe(11);
    expect(ageByYear('2026-2027', '2015-01-01')).toBe(11);
  });

  // grade, school year, born, exception → allowed?, reason/field when refused, exception applied
  const cases: Array<
    [
      6 | 10,
      string,
      AgeException | undefined,
      boolean,
      string | undefined,
      string | undefined,
      string | undefined,
    ]
  > = [
    // the entry age: 11 for grade 6, 15 for grade 10
    [6, '2015-06-01', undefined, true, undefined, undefined, undefined],
    [10, '2011-06-01', undefined, true, undefined, undefined, undefined],
    // an exception declared at the entry age is not needed, and not held against anyone
    [6, '2015-06-01', ex('ethnic-minority'), true, undefined, undefined, undefined],
    // older without an exception: refused on the date of birth
    [6, '2014-06-01', undefined, false, 'too-old', 'applicant.dateOfBirth', undefined],
    [10, '2010-06-01', undefined, false, 'too-old', 'applicant.dateOfBirth', undefined],
    // younger without an exception
    [6, '2016-06-01', undefined, false, 'too-young', 'applicant.dateOfBirth', undefined],
    [10, '2012-06-01', undefined, false, 'too-young', 'applicant.dateOfBirth', undefined],
    // every "older" group: up to 3 years
    [6, '2012-02-02', ex('ethnic-minority'), true, undefined, undefined, 'ethnic-minority'],
    [6, '2012-02-02', ex('disability', 'GXN-12/2025'), true, undefined, undefined, 'disability'],
    [
      10,
      '2008-02-02',
      ex('especially-difficult-circumstances'),
      true,
      undefined,
      undefined,
      'especially-difficult-circumstances',
    ],
    [
      10,
      '2009-02-02',
      ex('returned-from-abroad'),
      true,
      undefined,
      undefined,
      'returned-from-abroad',
    ],
    [
      10,
      '2010-02-02',
      ex('repeated-or-late-start'),
      true,
      undefined,
      undefined,
      'repeated-or-late-start',
    ],
    // ... and not 4
    [6, '2011-02-02', ex('ethnic-minority'), false, 'too-old', 'applicant.dateOfBirth', undefined],
    [10, '2007-02-02', ex('disability'), false, 'too-old', 'applicant.dateOfBirth', undefined],
    // an "older" exception does not let a younger child in
    [
      6,
      '2016-02-02',
      ex('ethnic-minority'),
      false,
      'exception-does-not-apply',
      'applicant.ageException',
      undefined,
    ],
    // skipped grade: younger, up to 2 years
    [
      6,
      '2016-02-02',
      ex('skipped-grade', 'QĐ 45/QĐ-PGD'),
      true,
      undefined,
      undefined,
      'skipped-grade',
    ],
    [10, '2013-02-02', ex('skipped-grade'), true, undefined, undefined, 'skipped-grade'],
    [10, '2014-02-02', ex('skipped-grade'), false, 'too-young', 'applicant.dateOfBirth', undefined],
    // ... and never older
    [
      10,
      '2010-02-02',
      ex('skipped-grade'),
      false,
      'exception-does-not-apply',
      'applicant.ageException',
      undefined,
    ],
  ];

  it.each(cases)(
    'grade %i, born %s, %j → allowed %s (%s, %s, applied %s)',
    (grade, dob, exception, allowed, reason, field, applied) => {
      const r = admissionAgeCheck({ grade, schoolYear: '2026-2027', dateOfBirth: dob, exception });
      expect(r.allowed).toBe(allowed);
      if (r.allowed) expect(r.exception).toBe(applied);
      else {
        expect(r.reason).toBe(reason);
        expect(r.field).toBe(field);
        expect(r.message).toMatch(/Điều 33/);
      }
    },
  );

  it('says in Vietnamese which years are the entry age', () => {
    const r = admissionAgeCheck({ grade: 6, schoolYear: '2026-2027', dateOfBirth: '2013-01-01' });
    expect(r).toMatchObject({ allowed: false, age: 13, entryAge: 11 });
    expect(!r.allowed && r.message).toContain('sinh năm 2015');
  });
});
