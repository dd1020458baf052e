import {
  checkApplication,
  checkResidenceLocality,
  checkTiming,
  RoundRules,
  SchoolFacts,
} from './application-rules';

const PRIMARY_A = '01935d3a-0000-7000-8000-00000000000a';
const PRIMARY_B = '01935d3a-0000-7000-8000-00000000000b';
const SECONDARY = '01935d3a-0000-7000-8000-00000000000c';
const CLOSED = '01935d3a-0000-7000-8000-00000000000d';
const OUTSIDE = '01935d3a-0000-7000-8000-00000000000e';

const round: RoundRules = {
  grade: 1,
  schoolYear: '2026-2027',
  opensAt: new Date('2026-06-01T01:00:00Z'),
  closesAt: new Date('2026-06-15T10:00:00Z'),
  maxWishes: 2,
  priorityCategories: ['CON-LIET-SI', 'HO-NGHEO'],
  schoolIds: new Set([PRIMARY_A, PRIMARY_B, SECONDARY, CLOSED]),
};
const schools = new Map<string, SchoolFacts>([
  [PRIMARY_A, { levels: ['primary'], inForce: true }],
  [PRIMARY_B, { levels: ['primary', 'lower-secondary'], inForce: true }],
  [SECONDARY, { levels: ['lower-secondary'], inForce: true }],
  [CLOSED, { levels: ['primary'], inForce: false }],
  [OUTSIDE, { levels: ['primary'], inForce: true }],
]);
// Born 2020 (turns 6 in 2026), Quảng Ninh (022), male born in the 2000s (digit 2), year 20.
const child = {
  personalId: '022220001234',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '2020-04-02',
  residenceOrgUnitId: PRIMARY_A,
  wishes: [PRIMARY_A, PRIMARY_B],
  priorityCategories: ['HO-NGHEO'],
};
const fields = (over: Partial<typeof child>, residenceKnown = true) =>
  checkApplication({ ...child, ...over }, round, schools, residenceKnown).map((p) => p.field);

describe('application rules', () => {
  it('accepts a well-formed grade 1 application', () => {
    expect(checkApplication(child, round, schools, true)).toEqual([]);
  });

  it('refuses a malformed personal id, or one whose birth year disagrees with the date of birth', () => {
    expect(fields({ personalId: '02222000123' })).toEqual(['applicant.personalId']);
    expect(fields({ personalId: '022219001234' })).toEqual(['applicant.personalId']);
  });

  it('refuses children too young for the grade and far too old, and accepts up to three years older', () => {
    expect(fields({ dateOfBirth: '2021-01-01', personalId: '022221001234' })).toEqual([
      'applicant.dateOfBirth',
    ]);
    expect(fields({ dateOfBirth: '2017-01-01', personalId: '022217001234' })).toEqual([]);
    expect(fields({ dateOfBirth: '2016-12-31', personalId: '022216001234' })).toEqual([
      'applicant.dateOfBirth',
    ]);
    expect(fields({ dateOfBirth: '2020-02-30' })).toEqual(['applicant.dateOfBirth']);
  });

  it('grade 6: the entry age, or a declared exception of the charter (Circular 32/2020, Art. 33)', () => {
    const g6: RoundRules = { ...round, grade: 6 };
    const grade6 = (over: Record<string, unknown>) =>
      checkApplication({ ...child, wishes: [SECONDARY], ...over }, g6, schools, true).map(
        (p) => p.field,
      );
    expect(grade6({ dateOfBirth: '2015-03-03', personalId: '022215001234' })).toEqual([]);
    // one year older: the old rule let everyone in; now only with an exception
    expect(grade6({ dateOfBirth: '2014-03-03', personalId: '022214001234' })).toEqual([
      'applicant.dateOfBirth',
    ]);
    expect(
      grade6({
        dateOfBirth: '2014-03-03',
        personalId: '022214001234',
        ageException: { category: 'repeated-or-late-start' },
      }),
    ).toEqual([]);
    expect(
      grade6({
        dateOfBirth: '2016-03-03',
        personalId: '022216001234',
        ageException: { category: 'disability' },
      }),
    ).toEqual(['applicant.ageException']);
    expect(
      grade6({
        dateOfBirth: '2015-03-03',
        personalId: '022215001234',
        ageException: { category: 'gifted' },
      }),
    ).toEqual(['applicant.ageException.category']);
    expect(
      grade6({
        dateOfBirth: '2014-03-03',
        personalId: '022214001234',
        ageException: { category: 'disability', evidenceRef: 'see <script>' },
      }),
    ).toEqual(['applicant.ageException.evidenceRef']);
    // grade 1 keeps the primary charter's rule and takes no declared exception
    expect(fields({ ageException: { category: 'disability' } } as never)).toEqual([
      'applicant.ageException',
    ]);
  });

  it('refuses wishes outside the round, for schools that do not teach the grade, closed, repeated or too many', () => {
    expect(fields({ wishes: [SECONDARY] })).toEqual(['wishes.0']);
    expect(fields({ wishes: [PRIMARY_A, OUTSIDE] })).toEqual(['wishes.1']);
    expect(fields({ wishes: [CLOSED] })).toEqual(['wishes.0']);
    expect(fields({ wishes: [PRIMARY_A, PRIMARY_A] })).toEqual(['wishes']);
    expect(fields({ wishes: [PRIMARY_A, PRIMARY_B, PRIMARY_B] })).toEqual(['wishes', 'wishes']);
    expect(fields({ wishes: [] })).toEqual(['wishes']);
  });

  it('refuses unknown priority categories and an unknown residence', () => {
    expect(fields({ priorityCategories: ['VIP'] })).toEqual(['priorityCategories']);
    expect(fields({}, false)).toEqual(['applicant.residenceOrgUnitId']);
  });

  it('accepts from opening until just before the deadline', () => {
    expect(checkTiming(round, new Date('2026-06-01T00:59:59Z'))).toEqual({
      kind: 'not-open',
      opensAt: round.opensAt,
    });
    expect(checkTiming(round, new Date('2026-06-01T01:00:00Z'))).toBeNull();
    expect(checkTiming(round, new Date('2026-06-15T09:59:59.999Z'))).toBeNull();
    expect(checkTiming(round, new Date('2026-06-15T10:00:00Z'))).toEqual({
      kind: 'closed',
      closesAt: round.closesAt,
    });
  });
});

describe('checkResidenceLocality (catchments finer than a commune)', () => {
  const split = ['Khu 1', 'Khu 2', 'Tổ dân phố 5'];
  it.each<[string, readonly string[], string | undefined, string | null | undefined]>([
    ['commune not split, no locality', [], undefined, null],
    ['commune not split, a locality is kept, normalised', [], '  Thôn   Đồng ', 'Thôn Đồng'],
    ['split: the round’s spelling of the locality', split, 'khu  2', 'Khu 2'],
    ['split: NFD input matches', split, 'Tổ dân phố 5'.normalize('NFD'), 'Tổ dân phố 5'],
    ['split: no locality', split, undefined, undefined],
    ['split: a locality the round does not name', split, 'Khu 12', undefined],
  ])('%s', (_what, splitInto, given, expected) => {
    const r = checkResidenceLocality(splitInto, given);
    if (expected === undefined) {
      expect('problem' in r && r.problem.field).toBe('applicant.residenceLocality');
      expect('problem' in r && r.problem.message).toContain('Khu 1; Khu 2; Tổ dân phố 5');
    } else expect(r).toEqual({ locality: expected });
  });
});
