import { computeObligations, Enrolment, FeeCatalogue } from './fees';
import { endEnrolment, recordEnrolment } from './enrolments';

const A = 'school-a';
const B = 'school-b';
const at = (schoolId: string, from: string, extra: Partial<Enrolment> = {}): Enrolment => ({
  schoolId,
  level: 'primary',
  segment: 'urban',
  from,
  ...extra,
});

describe('recordEnrolment', () => {
  it('starts the first enrolment, and knows it again on redelivery', () => {
    const first = at(A, '2025-09-05');
    expect(recordEnrolment([first], first)).toEqual({ kind: 'unchanged' });
  });

  it('ends the running enrolment at another school on the new one’s first day (a transfer)', () => {
    expect(recordEnrolment([at(A, '2025-09-05')], at(B, '2025-10-15'))).toEqual({
      kind: 'changed',
      enrolments: [at(A, '2025-09-05', { until: '2025-10-15' }), at(B, '2025-10-15')],
      latest: true,
    });
  });

  it('keeps a student who stays at the same school and level (roster import after admission, promotion)', () => {
    expect(recordEnrolment([at(A, '2025-09-05')], at(A, '2025-11-01'))).toEqual({
      kind: 'unchanged',
    });
    expect(recordEnrolment([at(A, '2025-09-05')], at(A, '2026-09-05'))).toEqual({
      kind: 'unchanged',
    });
  });

  it('splits at a change of level within one school (grade 5 → 6 at a multi-level school)', () => {
    const six = at(A, '2026-09-05', { level: 'lowerSecondary' });
    expect(recordEnrolment([at(A, '2025-09-05')], six)).toEqual({
      kind: 'changed',
      enrolments: [at(A, '2025-09-05', { until: '2026-09-05' }), six],
      latest: true,
    });
  });

  it('fits an older enrolment before a later one already known (roster of this year after next year’s admission)', () => {
    const next = at(B, '2026-09-05', { level: 'lowerSecondary' });
    expect(recordEnrolment([next], at(A, '2025-09-05'))).toEqual({
      kind: 'changed',
      enrolments: [at(A, '2025-09-05', { until: '2026-09-05' }), next],
      latest: false,
    });
  });

  it('refuses two schools from the same day', () => {
    expect(recordEnrolment([at(A, '2025-09-05')], at(B, '2025-09-05'))).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(/^enrolment-overlap: /),
    });
  });
});

describe('endEnrolment (transfer or departure)', () => {
  it('ends the enrolment running at the school on the date, that day excluded', () => {
    expect(endEnrolment([at(A, '2025-09-05')], A, '2025-11-17')).toEqual({
      kind: 'changed',
      enrolments: [at(A, '2025-09-05', { until: '2025-11-17' })],
      latest: true,
    });
  });

  it('changes nothing when it already ends there (redelivery)', () => {
    expect(endEnrolment([at(A, '2025-09-05', { until: '2025-11-17' })], A, '2025-11-17')).toEqual({
      kind: 'unchanged',
    });
  });

  it('refuses a school the student was never at, or a date before the enrolment', () => {
    expect(endEnrolment([at(A, '2025-09-05')], B, '2025-11-17')).toEqual({
      kind: 'refused',
      reason: `not-enrolled: never enrolled at ${B}`,
    });
    expect(endEnrolment([at(A, '2025-09-05')], A, '2025-09-05').kind).toBe('refused');
  });
});

describe('a departure re-bills like a transfer', () => {
  const catalogue: FeeCatalogue = {
    province: 'Quảng Ninh',
    schoolYear: '2025-2026',
    calendar: {
      schoolYear: '2025-2026',
      terms: [
        {
          term: 1,
          from: '2025-09-05',
          until: '2026-01-17',
          billableMonths: ['2025-09', '2025-10', '2025-11', '2025-12'],
        },
        {
          term: 2,
          from: '2026-01-19',
          until: '2026-05-30',
          billableMonths: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'],
        },
      ],
    },
    tuition: {
      code: 'HOC_PHI',
      name: 'Học phí',
      legalBasis: 'illustrative',
      rates: [{ level: 'primary', segment: 'urban', monthlyAmount: 300_000n }],
    },
    items: [],
  };

  it('charges November up to the day before leftOn and nothing after it', () => {
    const change = endEnrolment([at(A, '2025-09-01')], A, '2025-11-16');
    if (change.kind !== 'changed') throw new Error(change.kind);
    const lines = computeObligations({ studentId: 's', enrolments: change.enrolments }, catalogue, {
      kind: 'term',
      term: 1,
    });
    expect(lines.map((l) => [l.periodKey, l.amount])).toEqual([
      ['2025-09', 300_000n],
      ['2025-10', 300_000n],
      ['2025-11', 150_000n], // 15 of 30 days
    ]);
    expect(
      computeObligations({ studentId: 's', enrolments: change.enrolments }, catalogue, {
        kind: 'term',
        term: 2,
      }),
    ).toEqual([]);
  });
});
