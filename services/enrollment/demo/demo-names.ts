/**
 * Vietnamese names for the demo's synthetic people (applicants, roster learners, teachers):
 * family name, middle name and given name by gender, NFC. Families of the ethnic groups of the
 * province's mountain communes draw from their own common family names.
 */
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

/** Common family names of the ethnic groups of Quảng Ninh other than Kinh. */
const FAMILY_BY_ETHNICITY: Record<string, readonly string[]> = {
  Tày: ['Nông', 'Hoàng', 'Vi', 'Hà', 'Lương'],
  Dao: ['Triệu', 'Bàn', 'Lý', 'Đặng', 'Chìu'],
  'Sán Dìu': ['Lý', 'Diệp', 'Trương', 'Lục', 'Tạ'],
  'Sán Chay': ['Lý', 'Hoàng', 'La', 'Nịnh'],
  Hoa: ['Lý', 'Trương', 'Lưu', 'Hứa'],
};

/**
 * A full name drawn with `rnd` (three draws: family, middle, given), NFC. `ethnicity` other than
 * Kinh draws the family name from that group's own names.
 */
export function demoFullName(rnd: () => number, female: boolean, ethnicity?: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const family = pick((ethnicity && FAMILY_BY_ETHNICITY[ethnicity]) || FAMILY);
  return `${family} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`.normalize(
    'NFC',
  );
}
