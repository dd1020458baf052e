import {
  applyEntitlements,
  computeObligations,
  countSchoolDays,
  endEntitlement,
  entitlementsInForce,
  FeeCatalogue,
  FeeError,
  grantEntitlement,
  healthInsuranceContribution,
  ObligationLine,
  Student,
  transferStudent,
  validateCatalogue,
} from './fees';
import { sumVnd } from '../../shared/money';

/*
 * Worked examples for school year 2025-2026. The amounts are ILLUSTRATIVE (round numbers inside
 * the Decree 81 frame), not the figures of the Quảng Ninh People's Council resolutions; the
 * rules — proration, one rounding per line, most favourable entitlement — are the point.
 *
 * Calendar used throughout:
 *   HK1: Fri 5 Sep 2025 … Fri 16 Jan 2026 (until 17 Jan) — 96 school days, Mon–Fri
 *   HK2: Mon 19 Jan 2026 … Fri 29 May 2026 (until 30 May) — minus Tết week 16–20 Feb and
 *        30 Apr / 1 May
 *   Tuition and other monthly fees are billed Sep–Dec (HK1) and Jan–May (HK2): 9 months.
 */
const BHYT = healthInsuranceContribution({ baseSalary: 2_340_000n, months: 12 });

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
    holidays: [
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-30',
      '2026-05-01',
    ],
  },
  tuition: {
    code: 'HOC_PHI',
    name: 'Học phí',
    legalBasis: 'NĐ 81/2021/NĐ-CP; NQ HĐND tỉnh Quảng Ninh (mức thu theo cấp học, vùng)',
    rates: [
      { level: 'primary', segment: 'urban', monthlyAmount: 300_000n },
      { level: 'primary', segment: 'rural', monthlyAmount: 150_000n },
      { level: 'primary', segment: 'ethnicMinorityMountain', monthlyAmount: 60_000n },
      { level: 'preschool', segment: 'urban', monthlyAmount: 300_000n },
      { level: 'preschool', segment: 'ethnicMinorityMountain', monthlyAmount: 60_000n },
      { level: 'lowerSecondary', segment: 'urban', monthlyAmount: 300_000n },
    ],
  },
  items: [
    {
      code: 'BHYT',
      name: 'Bảo hiểm y tế học sinh',
      kind: 'healthInsurance',
      schedule: 'perYear',
      mandatory: true,
      amount: BHYT,
      legalBasis: 'Luật BHYT; mức đóng 4,5% lương cơ sở, NSNN hỗ trợ tối thiểu 30%',
    },
    {
      code: 'TIEN_AN',
      name: 'Tiền ăn bán trú',
      kind: 'service',
      schedule: 'monthly',
      mandatory: false,
      amount: 500_000n,
      levels: ['preschool', 'primary'],
      legalBasis: 'NQ 34/2021/NQ-HĐND',
    },
    {
      code: 'NUOC_UONG',
      name: 'Nước uống',
      kind: 'service',
      schedule: 'monthly',
      mandatory: false,
      amount: 10_000n,
      legalBasis: 'NQ 34/2021/NQ-HĐND',
    },
    {
      code: 'SLL_DIEN_TU',
      name: 'Dịch vụ điện tử quản lý học sinh',
      kind: 'service',
      schedule: 'perTerm',
      mandatory: false,
      amount: 60_000n,
      legalBasis: 'NQ 34/2021/NQ-HĐND',
    },
  ],
};

const lan: Student = {
  studentId: 'HS-LAN',
  enrolments: [{ schoolId: 'TH-HONGGAI', level: 'primary', segment: 'urban', from: '2025-09-01' }],
  optedInServices: ['TIEN_AN', 'SLL_DIEN_TU'],
};

const total = (lines: readonly { amount: bigint }[]) => sumVnd(lines.map((l) => l.amount));
const byCode = (lines: readonly ObligationLine[], code: string) =>
  lines.filter((l) => l.feeCode === code);

describe('health insurance contribution (BHYT học sinh)', () => {
  it('is 2.340.000 × 4,5 % × 12 × 70 % = 884.520 ₫ a year', () => {
    expect(BHYT).toBe(884_520n);
  });

  it('rounds once at the end: 3 months on a 1.800.000 ₫ base is 170.100 ₫', () => {
    // 1.800.000 × 0,045 × 3 × 0,7 = 170.100 exactly
    expect(healthInsuranceContribution({ baseSalary: 1_800_000n, months: 3 })).toBe(170_100n);
    // 1.490.000 × 0,045 × 12 × 0,7 = 563.220 exactly; × 5 months = 234.675
    expect(healthInsuranceContribution({ baseSalary: 1_490_000n, months: 5 })).toBe(234_675n);
  });

  it('the province can top up the budget share', () => {
    expect(
      healthInsuranceContribution({
        baseSalary: 2_340_000n,
        months: 12,
        budgetSupportPercent: 100,
      }),
    ).toBe(0n);
    expect(() => healthInsuranceContribution({ baseSalary: 1n, months: 13 })).toThrow(FeeError);
  });
});

describe('calendar', () => {
  it('HK1 has 96 school days: Fri 5 Sep plus 19 full weeks to Fri 16 Jan', () => {
    expect(countSchoolDays(catalogue.calendar, '2025-09-05', '2026-01-17')).toBe(96);
  });

  it('HK2 loses the Tết week and 30/4–1/5: 19 weeks × 5 − 7 = 88 school days', () => {
    expect(countSchoolDays(catalogue.calendar, '2026-01-19', '2026-05-30')).toBe(88);
  });

  it('refuses catalogues that would bill twice', () => {
    const twice = {
      ...catalogue,
      calendar: {
        ...catalogue.calendar,
        terms: [
          catalogue.calendar.terms[0]!,
          { ...catalogue.calendar.terms[1]!, billableMonths: ['2025-12'] },
        ],
      },
    };
    expect(() => validateCatalogue(twice)).toThrow(/billable in two terms/);
    expect(() =>
      validateCatalogue({ ...catalogue, items: [...catalogue.items, catalogue.items[0]!] }),
    ).toThrow(/duplicate fee code/);
    expect(() =>
      validateCatalogue({
        ...catalogue,
        tuition: {
          ...catalogue.tuition,
          rates: [...catalogue.tuition.rates, catalogue.tuition.rates[0]!],
        },
      }),
    ).toThrow(/two tuition rates/);
  });
});

describe('computeObligations', () => {
  it('a full year at one urban primary school', () => {
    const lines = computeObligations(lan, catalogue, { kind: 'year' });
    // 9 × 300.000 tuition + 9 × 500.000 meals + 2 × 60.000 e-service + 884.520 BHYT
    expect(byCode(lines, 'HOC_PHI')).toHaveLength(9);
    expect(total(byCode(lines, 'HOC_PHI'))).toBe(2_700_000n);
    expect(total(byCode(lines, 'TIEN_AN'))).toBe(4_500_000n);
    expect(total(byCode(lines, 'SLL_DIEN_TU'))).toBe(120_000n);
    expect(byCode(lines, 'BHYT').map((l) => l.amount)).toEqual([884_520n]);
    expect(total(lines)).toBe(8_204_520n);
    // Not opted in to drinking water: voluntary fees are never imposed.
    expect(byCode(lines, 'NUOC_UONG')).toHaveLength(0);
  });

  it('a month bill contains the monthly fees of that month only', () => {
    const lines = computeObligations(lan, catalogue, { kind: 'month', month: '2025-10' });
    expect(lines.map((l) => [l.lineId, l.amount])).toEqual([
      ['HS-LAN/TH-HONGGAI/HOC_PHI/2025-10', 300_000n],
      ['HS-LAN/TH-HONGGAI/TIEN_AN/2025-10', 500_000n],
    ]);
    expect(lines[0]).toMatchObject({
      term: 1,
      serviceFrom: '2025-10-01',
      serviceUntil: '2025-11-01',
      mandatory: true,
    });
  });

  it('an enrolment that starts on 5 September pays 26 of 30 days of September', () => {
    // The rule is "calendar days enrolled / days of the month"; schools that bill September in
    // full record the enrolment from 1 September (as Lan's is).
    const fromFifth = { ...lan, enrolments: [{ ...lan.enrolments[0]!, from: '2025-09-05' }] };
    const sept = computeObligations(fromFifth, catalogue, { kind: 'month', month: '2025-09' });
    expect(sept.map((l) => [l.feeCode, l.amount])).toEqual([
      ['HOC_PHI', 260_000n], // 300.000 × 26/30
      ['TIEN_AN', 433_333n], // 500.000 × 26/30 = 433.333,3
    ]);
  });

  it('June and July are not billable months: nothing is owed', () => {
    expect(computeObligations(lan, catalogue, { kind: 'month', month: '2026-06' })).toEqual([]);
  });

  it('term bills: HK1 carries the yearly health insurance, HK2 does not', () => {
    const hk1 = computeObligations(lan, catalogue, { kind: 'term', term: 1 });
    const hk2 = computeObligations(lan, catalogue, { kind: 'term', term: 2 });
    expect(byCode(hk1, 'HOC_PHI').map((l) => l.periodKey)).toEqual([
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
    ]);
    expect(byCode(hk1, 'BHYT')).toHaveLength(1);
    expect(byCode(hk1, 'SLL_DIEN_TU')[0]).toMatchObject({
      periodKey: '2025-2026/HK1',
      amount: 60_000n,
    });
    expect(byCode(hk2, 'HOC_PHI')).toHaveLength(5);
    expect(byCode(hk2, 'BHYT')).toHaveLength(0);
    // Term bills add up to the year bill.
    expect(total(hk1) + total(hk2)).toBe(
      total(computeObligations(lan, catalogue, { kind: 'year' })),
    );
  });

  it('a pupil arriving in HK2 pays the yearly items with HK2', () => {
    const late: Student = { ...lan, enrolments: [{ ...lan.enrolments[0]!, from: '2026-02-02' }] };
    const hk2 = computeObligations(late, catalogue, { kind: 'term', term: 2 });
    expect(byCode(hk2, 'BHYT')).toHaveLength(1);
    expect(byCode(hk2, 'HOC_PHI').map((l) => l.periodKey)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
    ]);
    // e-service by school days: [2 Feb, 30 May) = 17 weeks × 5 − 7 holidays = 78 of 88.
    // 60.000 × 78 / 88 = 53.181,8 → 53.182
    expect(byCode(hk2, 'SLL_DIEN_TU')[0]).toMatchObject({
      amount: 53_182n,
      proration: { basis: 'schoolDays', charged: 78, of: 88 },
    });
  });

  it('level and segment decide tuition; a missing rate is an error, not a zero', () => {
    const mountain: Student = {
      studentId: 'HS-A',
      enrolments: [
        {
          schoolId: 'TH-BINHLIEU',
          level: 'primary',
          segment: 'ethnicMinorityMountain',
          from: '2025-09-01',
        },
      ],
    };
    expect(
      total(computeObligations(mountain, catalogue, { kind: 'month', month: '2025-10' })),
    ).toBe(60_000n);
    const upper: Student = {
      studentId: 'HS-B',
      enrolments: [
        { schoolId: 'THPT-X', level: 'upperSecondary', segment: 'urban', from: '2025-09-01' },
      ],
    };
    expect(() => computeObligations(upper, catalogue, { kind: 'year' })).toThrow(/no tuition rate/);
  });

  it('meals are limited to preschool and primary even if a secondary pupil opts in', () => {
    const thcs: Student = {
      studentId: 'HS-C',
      enrolments: [
        { schoolId: 'THCS-1', level: 'lowerSecondary', segment: 'urban', from: '2025-09-01' },
      ],
      optedInServices: ['TIEN_AN'],
    };
    expect(byCode(computeObligations(thcs, catalogue, { kind: 'year' }), 'TIEN_AN')).toEqual([]);
  });

  describe('transfer on 15 October 2025 from an urban school to a rural one', () => {
    const moved = transferStudent(lan, '2025-10-15', {
      schoolId: 'TH-DONGTRIEU',
      level: 'primary',
      segment: 'rural',
    });

    it('the old enrolment ends on the transfer date and the new one starts on it', () => {
      expect(moved.enrolments).toEqual([
        {
          schoolId: 'TH-HONGGAI',
          level: 'primary',
          segment: 'urban',
          from: '2025-09-01',
          until: '2025-10-15',
        },
        { schoolId: 'TH-DONGTRIEU', level: 'primary', segment: 'rural', from: '2025-10-15' },
      ]);
    });

    it('October tuition: old school 14/31 of 300.000, new school 17/31 of 150.000', () => {
      const oct = byCode(
        computeObligations(moved, catalogue, { kind: 'month', month: '2025-10' }),
        'HOC_PHI',
      );
      expect(oct.map((l) => [l.schoolId, l.amount, l.proration])).toEqual([
        ['TH-HONGGAI', 135_484n, { basis: 'calendarDays', charged: 14, of: 31 }], // 135.483,87
        ['TH-DONGTRIEU', 82_258n, { basis: 'calendarDays', charged: 17, of: 31 }], // 82.258,06
      ]);
      expect(oct[0]).toMatchObject({ serviceFrom: '2025-10-01', serviceUntil: '2025-10-15' });
      expect(oct[1]).toMatchObject({ serviceFrom: '2025-10-15', serviceUntil: '2025-11-01' });
    });

    it('the old school bills nothing after October, the new school nothing before', () => {
      const year = computeObligations(moved, catalogue, { kind: 'year' });
      const at = (school: string) => byCode(year, 'HOC_PHI').filter((l) => l.schoolId === school);
      expect(at('TH-HONGGAI').map((l) => l.periodKey)).toEqual(['2025-09', '2025-10']);
      expect(at('TH-DONGTRIEU').map((l) => l.periodKey)).toEqual([
        '2025-10',
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
      ]);
    });

    it('the per-term e-service fee splits by school days: 28 and 68 of 96', () => {
      // [5 Sep, 15 Oct): Fri 5 Sep + 5 weeks + Mon 13, Tue 14 Oct = 28 school days.
      const hk1 = byCode(
        computeObligations(moved, catalogue, { kind: 'term', term: 1 }),
        'SLL_DIEN_TU',
      );
      expect(hk1.map((l) => [l.schoolId, l.amount])).toEqual([
        ['TH-HONGGAI', 17_500n], // 60.000 × 28/96
        ['TH-DONGTRIEU', 42_500n], // 60.000 × 68/96
      ]);
    });

    it('health insurance is bought once, at the first school, and is not prorated', () => {
      const bhyt = byCode(computeObligations(moved, catalogue, { kind: 'year' }), 'BHYT');
      expect(bhyt.map((l) => [l.schoolId, l.amount])).toEqual([['TH-HONGGAI', 884_520n]]);
    });

    it('refuses a transfer outside any running enrolment or on the first day', () => {
      expect(() =>
        transferStudent(lan, '2025-09-01', { schoolId: 'X', level: 'primary', segment: 'urban' }),
      ).toThrow(FeeError);
      expect(() =>
        transferStudent(moved, '2025-09-01', { schoolId: 'X', level: 'primary', segment: 'urban' }),
      ).toThrow(FeeError);
    });
  });

  it('refuses overlapping enrolments', () => {
    const broken: Student = {
      studentId: 'HS-D',
      enrolments: [
        {
          schoolId: 'A',
          level: 'primary',
          segment: 'urban',
          from: '2025-09-01',
          until: '2025-11-01',
        },
        { schoolId: 'B', level: 'primary', segment: 'urban', from: '2025-10-15' },
      ],
    };
    expect(() => computeObligations(broken, catalogue, { kind: 'year' })).toThrow(/overlap/);
  });
});

describe('applyEntitlements', () => {
  const year = computeObligations(lan, catalogue, { kind: 'year' });
  const tuitionNet = (r: ReturnType<typeof applyEntitlements>) =>
    r.lines.filter((l) => l.kind === 'tuition').map((l) => l.net);

  it('near-poor household (hộ cận nghèo): 50 % off tuition, nothing off meals or insurance', () => {
    const r = applyEntitlements(
      year,
      [
        grantEntitlement('REDUCE50_NEAR_POOR', {
          recordId: 'E1',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
      ],
      '2026-06-01',
    );
    expect(tuitionNet(r)).toEqual(Array(9).fill(150_000n));
    expect(r.deducted).toBe(1_350_000n);
    expect(r.net).toBe(8_204_520n - 1_350_000n);
    expect(r.lines.find((l) => l.feeCode === 'BHYT')!.deductions).toEqual([]);
    expect(r.lines[0]!.deductions).toEqual([
      {
        recordId: 'E1',
        category: 'REDUCE50_NEAR_POOR',
        kind: 'tuitionReduction',
        amount: 150_000n,
      },
    ]);
  });

  it('several categories do not stack: disability (100 %) wins over near-poor (50 %)', () => {
    const r = applyEntitlements(
      year,
      [
        grantEntitlement('REDUCE50_NEAR_POOR', {
          recordId: 'E1',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
        grantEntitlement('EXEMPT_DISABILITY', {
          recordId: 'E2',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
      ],
      '2026-06-01',
    );
    expect(tuitionNet(r)).toEqual(Array(9).fill(0n));
    expect(r.lines[0]!.deductions.map((d) => d.recordId)).toEqual(['E2']);
  });

  describe('history: 50 % from September, the household becomes poor (100 %) from January', () => {
    const history = [
      grantEntitlement('REDUCE50_NEAR_POOR', {
        recordId: 'E1',
        studentId: 'HS-LAN',
        effectiveFrom: '2025-09-01',
      }),
      grantEntitlement('EXEMPT_POOR_HOUSEHOLD', {
        recordId: 'E2',
        studentId: 'HS-LAN',
        effectiveFrom: '2026-01-01',
        recordedOn: '2026-01-08',
        decisionRef: 'QĐ 12/QĐ-UBND',
      }),
      endEntitlement(
        grantEntitlement('REDUCE50_NEAR_POOR', {
          recordId: 'E1',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
        { recordId: 'E3', effectiveFrom: '2026-01-01', recordedOn: '2026-01-08' },
      ),
    ];

    it('Sep–Dec at 50 %, Jan–May exempt', () => {
      const r = applyEntitlements(year, history, '2026-06-01');
      expect(tuitionNet(r)).toEqual([150_000n, 150_000n, 150_000n, 150_000n, 0n, 0n, 0n, 0n, 0n]);
    });

    it('as known on 31 December the exemption did not exist yet: a re-run reproduces the old bill', () => {
      const r = applyEntitlements(year, history, '2025-12-31');
      expect(tuitionNet(r)).toEqual(Array(9).fill(150_000n));
    });

    it('entitlementsInForce shows the state on any date', () => {
      expect(
        entitlementsInForce(history, 'HS-LAN', '2025-12-31', '2026-06-01').map((x) => x.recordId),
      ).toEqual(['E1']);
      expect(
        entitlementsInForce(history, 'HS-LAN', '2026-01-01', '2026-06-01').map((x) => x.recordId),
      ).toEqual(['E2']);
      expect(entitlementsInForce(history, 'HS-OTHER', '2026-01-01', '2026-06-01')).toEqual([]);
    });
  });

  it('an entitlement ended from March stops applying from the March line', () => {
    const grant = grantEntitlement('REDUCE50_NEAR_POOR', {
      recordId: 'E1',
      studentId: 'HS-LAN',
      effectiveFrom: '2025-09-01',
    });
    const r = applyEntitlements(
      year,
      [grant, endEntitlement(grant, { recordId: 'E9', effectiveFrom: '2026-03-01' })],
      '2026-06-01',
    );
    expect(tuitionNet(r)).toEqual([
      150_000n,
      150_000n,
      150_000n,
      150_000n,
      150_000n,
      150_000n,
      300_000n,
      300_000n,
      300_000n,
    ]);
  });

  it('a retroactive decision (recorded 20 Oct, effective 1 Sep) counts only in runs as of 20 Oct or later', () => {
    const late = [
      grantEntitlement('REDUCE50_NEAR_POOR', {
        recordId: 'E1',
        studentId: 'HS-LAN',
        effectiveFrom: '2025-09-01',
        recordedOn: '2025-10-20',
      }),
    ];
    const before = applyEntitlements(year, late, '2025-10-01');
    const after = applyEntitlements(year, late, '2025-10-31');
    expect(before.deducted).toBe(0n);
    expect(after.deducted).toBe(9n * 150_000n);
    // The difference for the months already invoiced is what the ledger books as
    // "entitlement applied" against the existing invoices.
  });

  it('a decision effective mid-month applies from the next monthly line', () => {
    const r = applyEntitlements(
      year,
      [
        grantEntitlement('REDUCE50_NEAR_POOR', {
          recordId: 'E1',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-10-15',
        }),
      ],
      '2026-06-01',
    );
    expect(tuitionNet(r).slice(0, 3)).toEqual([300_000n, 300_000n, 150_000n]);
  });

  it('70 % reduction in a transfer month is taken on each school’s prorated line', () => {
    const moved = transferStudent(lan, '2025-10-15', {
      schoolId: 'TH-DONGTRIEU',
      level: 'primary',
      segment: 'rural',
    });
    const oct = computeObligations(moved, catalogue, { kind: 'month', month: '2025-10' }).filter(
      (l) => l.kind === 'tuition',
    );
    const r = applyEntitlements(
      oct,
      [
        grantEntitlement('REDUCE70_ETHNIC_DIFFICULT', {
          recordId: 'E1',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
      ],
      '2025-11-01',
    );
    // Old school: 135.484 × 70 % = 94.838,8 → 94.839, net 40.645.
    // New school: 82.258 × 70 % = 57.580,6 → 57.581, net 24.677.
    expect(r.lines.map((l) => [l.schoolId, l.deductions[0]!.amount, l.net])).toEqual([
      ['TH-HONGGAI', 94_839n, 40_645n],
      ['TH-DONGTRIEU', 57_581n, 24_677n],
    ]);
  });

  describe('lunch support for a preschool child (160.000 ₫ a month, deducted from meals)', () => {
    const be: Student = {
      studentId: 'MN-BE',
      enrolments: [
        {
          schoolId: 'MN-BINHLIEU',
          level: 'preschool',
          segment: 'ethnicMinorityMountain',
          from: '2025-09-01',
        },
      ],
      optedInServices: ['TIEN_AN'],
    };
    const support = grantEntitlement('LUNCH_SUPPORT_PRESCHOOL', {
      recordId: 'L1',
      studentId: 'MN-BE',
      effectiveFrom: '2025-09-01',
    });

    it('meals of 500.000 ₫ cost the family 340.000 ₫; tuition is untouched', () => {
      const oct = computeObligations(be, catalogue, { kind: 'month', month: '2025-10' });
      const r = applyEntitlements(oct, [support], '2025-10-01');
      expect(r.lines.map((l) => [l.feeCode, l.amount, l.net])).toEqual([
        ['HOC_PHI', 60_000n, 60_000n],
        ['TIEN_AN', 500_000n, 340_000n],
      ]);
      expect(r.payableToFamily).toEqual([]);
    });

    it('when meals cost less than the support, the rest is paid to the family', () => {
      const cheapMeals = {
        ...catalogue,
        items: catalogue.items.map((i) => (i.code === 'TIEN_AN' ? { ...i, amount: 120_000n } : i)),
      };
      const r = applyEntitlements(
        computeObligations(be, cheapMeals, { kind: 'month', month: '2025-10' }),
        [support],
        '2025-10-01',
      );
      expect(r.lines.find((l) => l.feeCode === 'TIEN_AN')!.net).toBe(0n);
      expect(r.payableToFamily).toEqual([
        {
          recordId: 'L1',
          category: 'LUNCH_SUPPORT_PRESCHOOL',
          kind: 'lunchSupport',
          studentId: 'MN-BE',
          schoolId: 'MN-BINHLIEU',
          month: '2025-10',
          amount: 40_000n,
        },
      ]);
    });

    it('in a transfer month each school grants its share: 72.258 + 87.742 = 160.000', () => {
      const moved = transferStudent(be, '2025-10-15', {
        schoolId: 'MN-HALONG',
        level: 'preschool',
        segment: 'urban',
      });
      const r = applyEntitlements(
        computeObligations(moved, catalogue, { kind: 'month', month: '2025-10' }),
        [support],
        '2025-10-01',
      );
      const meals = r.lines.filter((l) => l.feeCode === 'TIEN_AN');
      expect(meals.map((l) => [l.schoolId, l.deductions[0]!.amount])).toEqual([
        ['MN-BINHLIEU', 72_258n], // 160.000 × 14/31 = 72.258,06
        ['MN-HALONG', 87_742n], // 160.000 × 17/31 = 87.741,94
      ]);
    });
  });

  it('study support (150.000 ₫ a month) is paid to the family for each of the 9 billed months', () => {
    const r = applyEntitlements(
      year,
      [
        grantEntitlement('STUDY_SUPPORT', {
          recordId: 'S1',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
      ],
      '2026-06-01',
    );
    expect(r.deducted).toBe(0n);
    expect(r.payableToFamily.map((p) => p.month)).toEqual([
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
    ]);
    expect(sumVnd(r.payableToFamily.map((p) => p.amount))).toBe(1_350_000n);
  });

  it('ignores other students’ entitlements and never makes a line negative', () => {
    const r = applyEntitlements(
      year,
      [
        grantEntitlement('EXEMPT_POOR_HOUSEHOLD', {
          recordId: 'X',
          studentId: 'HS-OTHER',
          effectiveFrom: '2025-09-01',
        }),
        {
          recordId: 'BAD',
          studentId: 'HS-LAN',
          category: 'CUSTOM',
          kind: 'tuitionReduction',
          percent: 150n,
          effectiveFrom: '2025-09-01',
        },
      ],
      '2026-06-01',
    );
    expect(r.lines.every((l) => l.net >= 0n)).toBe(true);
    expect(tuitionNet(r)).toEqual(Array(9).fill(0n));
  });

  it('does not modify the input lines', () => {
    const copy = structuredClone(year);
    applyEntitlements(
      year,
      [
        grantEntitlement('EXEMPT_DISABILITY', {
          recordId: 'E2',
          studentId: 'HS-LAN',
          effectiveFrom: '2025-09-01',
        }),
      ],
      '2026-06-01',
    );
    expect(year).toEqual(copy);
  });

  it('refuses an unknown category', () => {
    expect(() =>
      grantEntitlement('NOPE', { recordId: 'x', studentId: 'y', effectiveFrom: '2025-09-01' }),
    ).toThrow(FeeError);
  });
});
