import { seededRandom } from '@qn/demo-kit';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Hữu', 'Thanh'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Hà',
  'Hải',
  'Hương',
  'Lan',
  'Long',
  'Mai',
  'Nam',
  'Trang',
];
const CLASSES = ['Giỏi', 'Khá', 'Trung bình'];

/**
 * A demo historic register's CSV (the import's Vietnamese headings): `rows` entries of a paper
 * book of lower-secondary diplomas of `year`, read from its scanned pages, a few serials unreadable
 * (damaged pages). Seeded: the same seed gives the same book.
 */
export function historicRegisterCsv(
  year: number,
  rows: number,
  schoolName: string,
  seed: number,
): string {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const lines = [
    'so_vao_so,so_hieu,ho_ten,ngay_sinh,noi_sinh,gioi_tinh,dan_toc,truong,xep_loai,so_quyet_dinh,ngay_cap,trang_scan',
  ];
  for (let i = 1; i <= rows; i++) {
    const female = rnd() < 0.5;
    const name = `${pick(FAMILY)} ${female ? 'Thị' : pick(MIDDLE)} ${pick(GIVEN)}`;
    const day = 1 + Math.floor(rnd() * 28);
    const month = 1 + Math.floor(rnd() * 12);
    const serial = rnd() < 0.1 ? '' : `B${String(year).slice(2)}${String(100000 + i * 7).slice(1)}`;
    lines.push(
      [
        `${i}/${year}`,
        serial,
        name,
        `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year - 15}`,
        'Quảng Ninh',
        female ? 'Nữ' : 'Nam',
        'Kinh',
        `"${schoolName}"`,
        pick(CLASSES),
        `${120 + (i % 3)}/QĐ-PGD`,
        `15/07/${year}`,
        `hộp 3/trang ${Math.ceil(i / 10)}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
