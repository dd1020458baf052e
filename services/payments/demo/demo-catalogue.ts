import type { ProvinceCatalogueBody, SchoolCatalogueBody } from '../src/catalogue/catalogue-body';

/**
 * Demo fee catalogues (biểu phí mẫu) of school years 2025-2026 and 2026-2027 (the year the
 * enrollment demo admits to), in the API's shape (amounts are integer VND strings), with the same
 * fees and each year's calendar. ILLUSTRATIVE figures, not the Quảng Ninh resolution's: tuition by level
 * and area segment inside the Decree 81/2021 frame, health insurance from the 2.340.000 ₫ base
 * salary (4.5 % × 12 months × 70 % family share = 884.520 ₫), and service fees of the kinds NQ
 * 34/2021/NQ-HĐND lists. The real figures are data the province enters through the API.
 * Note to verify: Resolution 217/2025/QH15 exempts public-school tuition from 2025-2026; a 0
 * rate is valid and simply bills nothing for tuition.
 */
export const DEMO_SCHOOL_YEAR = '2025-2026';
/** Every school year the demo loads a catalogue for (`load-demo.ts`). */
export const DEMO_SCHOOL_YEARS = ['2025-2026', '2026-2027'] as const;
export type DemoSchoolYear = (typeof DEMO_SCHOOL_YEARS)[number];

const rates = (
  level: string,
  urban: number,
  rural: number,
  mountain: number,
  island: number,
): ProvinceCatalogueBody['tuition']['rates'] =>
  (
    [
      ['urban', urban],
      ['rural', rural],
      ['ethnicMinorityMountain', mountain],
      ['island', island],
    ] as const
  ).map(([segment, amount]) => ({
    level: level as never,
    segment,
    monthlyAmount: String(amount),
  }));

type Calendar = ProvinceCatalogueBody['calendar'];

/** A school year of two terms: term 1 bills September to December, term 2 January to May. */
function calendar(
  first: number,
  term1: [from: string, until: string],
  term2: [from: string, until: string],
  holidays: string[],
): Calendar {
  const months = (year: number, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
  return {
    schoolYear: `${first}-${first + 1}`,
    terms: [
      { term: 1, from: term1[0], until: term1[1], billableMonths: months(first, 9, 12) },
      { term: 2, from: term2[0], until: term2[1], billableMonths: months(first + 1, 1, 5) },
    ],
    holidays,
  };
}

const CALENDARS: Record<DemoSchoolYear, Calendar> = {
  // Tết Bính Ngọ: 2026-02-16 to 02-20; then 30 April and 1 May.
  '2025-2026': calendar(
    2025,
    ['2025-09-05', '2026-01-17'],
    ['2026-01-19', '2026-05-30'],
    [
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-30',
      '2026-05-01',
    ],
  ),
  // Tết Đinh Mùi falls on 2027-02-06; the Hùng Kings' day on 2027-04-16.
  '2026-2027': calendar(
    2026,
    ['2026-09-05', '2027-01-16'],
    ['2027-01-18', '2027-05-29'],
    [
      '2027-02-04',
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-16',
      '2027-04-30',
    ],
  ),
};

export const demoProvinceCatalogue: ProvinceCatalogueBody = {
  province: 'Quảng Ninh',
  calendar: CALENDARS[DEMO_SCHOOL_YEAR],
  tuition: {
    code: 'HOC_PHI',
    name: 'Học phí',
    legalBasis:
      'NĐ 81/2021/NĐ-CP, NĐ 97/2023/NĐ-CP; nghị quyết HĐND tỉnh (mức thu theo cấp học, vùng)',
    rates: [
      ...rates('preschool', 300_000, 150_000, 60_000, 100_000),
      ...rates('primary', 300_000, 150_000, 60_000, 100_000),
      ...rates('lowerSecondary', 300_000, 150_000, 60_000, 100_000),
      ...rates('upperSecondary', 300_000, 200_000, 100_000, 150_000),
    ],
  },
  items: [
    {
      code: 'BHYT',
      name: 'Bảo hiểm y tế học sinh',
      kind: 'healthInsurance',
      schedule: 'perYear',
      mandatory: true,
      amount: '884520',
      legalBasis: 'Luật BHYT; 4,5% lương cơ sở × 12 tháng, NSNN hỗ trợ 30%',
    },
    {
      code: 'TIEN_AN',
      name: 'Tiền ăn bán trú',
      kind: 'service',
      schedule: 'monthly',
      mandatory: false,
      amount: '500000',
      levels: ['preschool', 'primary'],
      legalBasis: 'NQ 34/2021/NQ-HĐND',
    },
    {
      code: 'NUOC_UONG',
      name: 'Nước uống',
      kind: 'service',
      schedule: 'monthly',
      mandatory: false,
      amount: '10000',
      legalBasis: 'NQ 34/2021/NQ-HĐND',
    },
    {
      code: 'SLL_DIEN_TU',
      name: 'Dịch vụ sổ liên lạc điện tử',
      kind: 'service',
      schedule: 'perTerm',
      mandatory: false,
      amount: '60000',
      legalBasis: 'NQ 34/2021/NQ-HĐND',
    },
  ],
};

/** The demo catalogue of a school year: the same fees, that year's calendar. */
export const demoProvinceCatalogueFor = (schoolYear: DemoSchoolYear): ProvinceCatalogueBody => ({
  ...demoProvinceCatalogue,
  calendar: CALENDARS[schoolYear],
});

/** A school's own item (e.g. clubs after class), to show the school part of the catalogue. */
export const demoSchoolCatalogue: SchoolCatalogueBody = {
  items: [
    {
      code: 'CLB_NGOAI_KHOA',
      name: 'Câu lạc bộ ngoại khóa',
      kind: 'service',
      schedule: 'perTerm',
      mandatory: false,
      amount: '150000',
      legalBasis: 'NQ 34/2021/NQ-HĐND (dịch vụ hỗ trợ hoạt động giáo dục)',
    },
  ],
};
