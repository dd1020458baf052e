import { seededRandom } from '@qn/demo-kit';
/** Synthetic applicants for the demo (pure, seeded): Vietnamese names, valid personal ids, birth dates for the grade. */
const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Vi',
  'Hà',
  'Nông',
];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Gia'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Minh', 'Khánh', 'Bảo'];
const GIVEN_M = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hùng',
  'Khang',
  'Long',
  'Nam',
  'Phúc',
  'Quân',
  'Sơn',
  'Tuấn',
  'Việt',
];
const GIVEN_F = [
  'Anh',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hoa',
  'Lan',
  'Linh',
  'Mai',
  'Ngân',
  'Nhung',
  'Thảo',
  'Trang',
  'Yến',
];

export interface DemoApplicant {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
}

/** `count` applicants born in `birthYear` (2000-2099), registered in Quảng Ninh (022), unique ids. */
export function demoApplicants(count: number, birthYear: number, seed: number): DemoApplicant[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const used = new Set<string>();
  const out: DemoApplicant[] = [];
  while (out.length < count) {
    const female = rnd() < 0.49;
    const serial = String(Math.floor(rnd() * 1_000_000)).padStart(6, '0');
    const personalId = `022${female ? 3 : 2}${String(birthYear % 100).padStart(2, '0')}${serial}`;
    if (used.has(personalId)) continue;
    used.add(personalId);
    const month = 1 + Math.floor(rnd() * 12);
    const day = 1 + Math.floor(rnd() * 28);
    out.push({
      personalId,
      fullName:
        `${pick(FAMILY)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`.normalize(
          'NFC',
        ),
      dateOfBirth: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    });
  }
  return out;
}
