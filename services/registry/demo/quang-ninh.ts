import { seededRandom } from '@qn/demo-kit';
/**
 * Demo organisation tree of Quảng Ninh province for the education platform: the province, the 13
 * former district-level units (abolished on 2025-07-01), the 54 commune-level units in force since
 * then (30 phường, 22 xã, 2 đặc khu) and about 1,000 schools, generated deterministically from a seed.
 *
 * The names of the new units follow the 2025 reorganisation as best known; which former communes
 * each one absorbed, the school names, counts per commune and dates are PLAUSIBLE DEMO DATA, not an
 * official register. The counts by level follow the department's report on 2024: 591 preschools,
 * 155 primary, 186 lower-secondary (THCS), 59 upper-secondary schools (57 THPT and 2 THCS&THPT)
 * and 14 continuing-education (GDTX) centres in force, plus 6 TH&THCS schools in mountain
 * communes and on a small island, and two schools closed in 2025 (merged into another).
 */
import type { AreaSegment, OrgUnitKind, Ownership, SchoolLevel } from '@qn/contracts';

export interface DemoOrgUnit {
  /** Stable and unique, e.g. 'QN', 'QN-D-HALONG', 'QN-C-HONGGAI', 'QN-S-THPT-0001'. */
  code: string;
  kind: OrgUnitKind;
  /** Vietnamese with diacritics, NFC. */
  name: string;
  parentCode: string | null;
  /** YYYY-MM-DD */
  validFrom: string;
  /** Exclusive end date; null = still valid. */
  validTo: string | null;
  /** For ended units: the units that took over. */
  successorCodes: string[];
  school: { levels: SchoolLevel[]; segment: AreaSegment; ownership: Ownership } | null;
}

/** A school whose managing commune-level unit changes on `effectiveFrom` (its entry shows the old parent). */
export interface DemoSchoolMove {
  schoolCode: string;
  newParentCode: string;
  effectiveFrom: string;
}

export const DEMO_PROVINCE_CODE = 'QN';
/** The district tier was abolished and the new commune-level units took effect on this date. */
export const DEMO_REORGANISATION_DATE = '2025-07-01';

/** Boundary adjustments during school year 2025-2026; the schools are fixed (same code for every seed). */
export const DEMO_SCHOOL_MOVES: ReadonlyArray<DemoSchoolMove> = Object.freeze([
  { schoolCode: 'QN-S-THCS-0002', newParentCode: 'QN-C-BACHE', effectiveFrom: '2025-09-05' },
  { schoolCode: 'QN-S-MN-0001', newParentCode: 'QN-C-CAOXANH', effectiveFrom: '2025-10-01' },
  { schoolCode: 'QN-S-TH-0004', newParentCode: 'QN-C-QUANGHANH', effectiveFrom: '2026-01-01' },
]);

// ---------------------------------------------------------------------------------------------
// Static data
// ---------------------------------------------------------------------------------------------

interface DistrictSpec {
  key: string;
  name: string;
  validFrom: string;
}

/** Dates are approximate: 1963-10-30 for units existing when the province was formed. */
const DISTRICTS: DistrictSpec[] = [
  { key: 'HALONG', name: 'Thành phố Hạ Long', validFrom: '1963-10-30' },
  { key: 'CAMPHA', name: 'Thành phố Cẩm Phả', validFrom: '1963-10-30' },
  { key: 'UONGBI', name: 'Thành phố Uông Bí', validFrom: '1963-10-30' },
  { key: 'MONGCAI', name: 'Thành phố Móng Cái', validFrom: '1963-10-30' },
  { key: 'DONGTRIEU', name: 'Thành phố Đông Triều', validFrom: '1963-10-30' },
  { key: 'QUANGYEN', name: 'Thị xã Quảng Yên', validFrom: '1963-10-30' },
  { key: 'VANDON', name: 'Huyện Vân Đồn', validFrom: '1994-03-23' },
  { key: 'COTO', name: 'Huyện Cô Tô', validFrom: '1994-03-23' },
  { key: 'TIENYEN', name: 'Huyện Tiên Yên', validFrom: '1963-10-30' },
  { key: 'DAMHA', name: 'Huyện Đầm Hà', validFrom: '2001-10-01' },
  { key: 'HAIHA', name: 'Huyện Hải Hà', validFrom: '2001-10-01' },
  { key: 'BINHLIEU', name: 'Huyện Bình Liêu', validFrom: '1963-10-30' },
  { key: 'BACHE', name: 'Huyện Ba Chẽ', validFrom: '1963-10-30' },
];

type CommuneKind = 'ward' | 'commune' | 'special-zone';

interface CommuneSpec {
  name: string;
  kind: CommuneKind;
  /** Former district(s) whose territory it took over. */
  districts: string[];
  /** Former commune-level units merged into it (used for school names). */
  localities: string[];
  /** Rough relative population, drives how many schools it gets. */
  weight: number;
  segment: AreaSegment;
  /** Some schools of the unit sit in a different segment (e.g. rural villages of a ward). */
  alt?: { segment: AreaSegment; share: number };
}

const PERI_URBAN = { segment: 'rural', share: 0.35 } as const;

const COMMUNES: CommuneSpec[] = [
  // former Hạ Long city (incl. the former Hoành Bồ district)
  {
    name: 'Hạ Long',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Hồng Hà', 'Hồng Hải', 'Cao Thắng'],
    weight: 70,
    segment: 'urban',
  },
  {
    name: 'Hồng Gai',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Trần Hưng Đạo', 'Bạch Đằng', 'Yết Kiêu'],
    weight: 60,
    segment: 'urban',
  },
  {
    name: 'Bãi Cháy',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Giếng Đáy', 'Hùng Thắng'],
    weight: 60,
    segment: 'urban',
  },
  {
    name: 'Hà Tu',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Hà Phong'],
    weight: 40,
    segment: 'urban',
  },
  {
    name: 'Hà Lầm',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Hà Trung'],
    weight: 45,
    segment: 'urban',
  },
  {
    name: 'Cao Xanh',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Hà Khánh'],
    weight: 50,
    segment: 'urban',
  },
  {
    name: 'Việt Hưng',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Hà Khẩu'],
    weight: 35,
    segment: 'urban',
  },
  {
    name: 'Hoành Bồ',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Trới', 'Lê Lợi', 'Sơn Dương'],
    weight: 35,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Tuần Châu',
    kind: 'ward',
    districts: ['HALONG'],
    localities: ['Đại Yên'],
    weight: 25,
    segment: 'urban',
  },
  {
    name: 'Quảng La',
    kind: 'commune',
    districts: ['HALONG'],
    localities: ['Bằng Cả', 'Dân Chủ', 'Tân Dân'],
    weight: 12,
    segment: 'rural',
  },
  {
    name: 'Thống Nhất',
    kind: 'commune',
    districts: ['HALONG'],
    localities: ['Vũ Oai', 'Hòa Bình'],
    weight: 12,
    segment: 'rural',
  },
  // Kỳ Thượng took over territory of both Hạ Long and Ba Chẽ
  {
    name: 'Kỳ Thượng',
    kind: 'commune',
    districts: ['HALONG', 'BACHE'],
    localities: ['Đồng Sơn', 'Đồng Lâm', 'Thanh Lâm'],
    weight: 6,
    segment: 'ethnic-minority-mountain',
  },
  // former Cẩm Phả city
  {
    name: 'Cẩm Phả',
    kind: 'ward',
    districts: ['CAMPHA'],
    localities: ['Cẩm Trung', 'Cẩm Thành', 'Cẩm Bình', 'Cẩm Tây', 'Cẩm Đông'],
    weight: 80,
    segment: 'urban',
  },
  {
    name: 'Quang Hanh',
    kind: 'ward',
    districts: ['CAMPHA'],
    localities: ['Cẩm Thạch', 'Cẩm Thủy'],
    weight: 50,
    segment: 'urban',
  },
  {
    name: 'Cửa Ông',
    kind: 'ward',
    districts: ['CAMPHA'],
    localities: ['Cẩm Phú', 'Cẩm Thịnh', 'Cẩm Sơn'],
    weight: 50,
    segment: 'urban',
  },
  {
    name: 'Mông Dương',
    kind: 'ward',
    districts: ['CAMPHA'],
    localities: ['Dương Huy'],
    weight: 20,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Hải Hòa',
    kind: 'commune',
    districts: ['CAMPHA'],
    localities: ['Cộng Hòa', 'Cẩm Hải'],
    weight: 15,
    segment: 'rural',
  },
  // former Uông Bí city
  {
    name: 'Uông Bí',
    kind: 'ward',
    districts: ['UONGBI'],
    localities: ['Quang Trung', 'Trưng Vương', 'Thanh Sơn', 'Yên Thanh', 'Nam Khê'],
    weight: 70,
    segment: 'urban',
  },
  {
    name: 'Vàng Danh',
    kind: 'ward',
    districts: ['UONGBI'],
    localities: ['Bắc Sơn'],
    weight: 30,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Yên Tử',
    kind: 'ward',
    districts: ['UONGBI'],
    localities: ['Phương Đông', 'Phương Nam', 'Thượng Yên Công'],
    weight: 25,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  // former Móng Cái city
  {
    name: 'Móng Cái 1',
    kind: 'ward',
    districts: ['MONGCAI'],
    localities: ['Ka Long', 'Trần Phú', 'Hòa Lạc', 'Hải Xuân'],
    weight: 45,
    segment: 'urban',
  },
  {
    name: 'Móng Cái 2',
    kind: 'ward',
    districts: ['MONGCAI'],
    localities: ['Ninh Dương', 'Hải Yên', 'Hải Đông'],
    weight: 40,
    segment: 'urban',
  },
  {
    name: 'Móng Cái 3',
    kind: 'ward',
    districts: ['MONGCAI'],
    localities: ['Trà Cổ', 'Bình Ngọc'],
    weight: 25,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Hải Sơn',
    kind: 'commune',
    districts: ['MONGCAI'],
    localities: ['Pò Hèn'],
    weight: 10,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Hải Ninh',
    kind: 'commune',
    districts: ['MONGCAI'],
    localities: ['Hải Tiến', 'Quảng Nghĩa'],
    weight: 15,
    segment: 'rural',
  },
  {
    name: 'Vĩnh Thực',
    kind: 'commune',
    districts: ['MONGCAI'],
    localities: ['Vĩnh Trung'],
    weight: 4,
    segment: 'island',
  },
  // former Đông Triều city
  {
    name: 'Đông Triều',
    kind: 'ward',
    districts: ['DONGTRIEU'],
    localities: ['Đức Chính', 'Hưng Đạo', 'Hồng Phong', 'Thủy An', 'Xuân Sơn'],
    weight: 60,
    segment: 'urban',
  },
  {
    name: 'Mạo Khê',
    kind: 'ward',
    districts: ['DONGTRIEU'],
    localities: ['Kim Sơn', 'Yên Thọ'],
    weight: 60,
    segment: 'urban',
  },
  {
    name: 'An Sinh',
    kind: 'ward',
    districts: ['DONGTRIEU'],
    localities: ['Việt Dân', 'Tân Việt', 'Nguyễn Huệ'],
    weight: 25,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Bình Khê',
    kind: 'ward',
    districts: ['DONGTRIEU'],
    localities: ['Tràng Lương', 'Tràng An', 'Bình Dương'],
    weight: 35,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Hoàng Quế',
    kind: 'ward',
    districts: ['DONGTRIEU'],
    localities: ['Yên Đức', 'Hồng Thái Đông', 'Hồng Thái Tây'],
    weight: 35,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  // former Quảng Yên town
  {
    name: 'Quảng Yên',
    kind: 'ward',
    districts: ['QUANGYEN'],
    localities: ['Yên Giang', 'Nam Hòa', 'Yên Hải', 'Tiền An'],
    weight: 45,
    segment: 'urban',
  },
  {
    name: 'Đông Mai',
    kind: 'ward',
    districts: ['QUANGYEN'],
    localities: ['Minh Thành'],
    weight: 25,
    segment: 'urban',
  },
  {
    name: 'Hiệp Hòa',
    kind: 'ward',
    districts: ['QUANGYEN'],
    localities: ['Sông Khoai', 'Cộng Hòa'],
    weight: 25,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Hà An',
    kind: 'ward',
    districts: ['QUANGYEN'],
    localities: ['Tân An', 'Hoàng Tân'],
    weight: 35,
    segment: 'urban',
  },
  {
    name: 'Liên Hòa',
    kind: 'ward',
    districts: ['QUANGYEN'],
    localities: ['Liên Vị', 'Tiền Phong'],
    weight: 25,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  {
    name: 'Phong Cốc',
    kind: 'ward',
    districts: ['QUANGYEN'],
    localities: ['Phong Hải', 'Cẩm La'],
    weight: 25,
    segment: 'urban',
    alt: PERI_URBAN,
  },
  // special zones (islands)
  {
    name: 'Vân Đồn',
    kind: 'special-zone',
    districts: ['VANDON'],
    localities: [
      'Cái Rồng',
      'Đông Xá',
      'Bình Dân',
      'Đoàn Kết',
      'Đài Xuyên',
      'Vạn Yên',
      'Quan Lạn',
      'Minh Châu',
      'Ngọc Vừng',
      'Bản Sen',
      'Thắng Lợi',
    ],
    weight: 50,
    segment: 'island',
  },
  {
    name: 'Cô Tô',
    kind: 'special-zone',
    districts: ['COTO'],
    localities: ['Đồng Tiến', 'Thanh Lân'],
    weight: 7,
    segment: 'island',
  },
  // former Tiên Yên district
  {
    name: 'Tiên Yên',
    kind: 'commune',
    districts: ['TIENYEN'],
    localities: ['Phong Dụ', 'Yên Than'],
    weight: 25,
    segment: 'ethnic-minority-mountain',
    alt: { segment: 'rural', share: 0.4 },
  },
  {
    name: 'Điền Xá',
    kind: 'commune',
    districts: ['TIENYEN'],
    localities: ['Hà Lâu', 'Đại Dực'],
    weight: 12,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Đông Ngũ',
    kind: 'commune',
    districts: ['TIENYEN'],
    localities: ['Đông Hải'],
    weight: 12,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Hải Lạng',
    kind: 'commune',
    districts: ['TIENYEN'],
    localities: ['Đồng Rui'],
    weight: 10,
    segment: 'ethnic-minority-mountain',
  },
  // former Đầm Hà district
  {
    name: 'Đầm Hà',
    kind: 'commune',
    districts: ['DAMHA'],
    localities: ['Đại Bình', 'Tân Bình', 'Tân Lập'],
    weight: 22,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Quảng Tân',
    kind: 'commune',
    districts: ['DAMHA'],
    localities: ['Dực Yên', 'Quảng An', 'Quảng Lâm'],
    weight: 18,
    segment: 'ethnic-minority-mountain',
  },
  // former Hải Hà district
  {
    name: 'Quảng Hà',
    kind: 'commune',
    districts: ['HAIHA'],
    localities: ['Quảng Minh', 'Quảng Thành', 'Quảng Chính'],
    weight: 30,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Đường Hoa',
    kind: 'commune',
    districts: ['HAIHA'],
    localities: ['Quảng Long', 'Tiến Tới', 'Quảng Thịnh'],
    weight: 15,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Quảng Đức',
    kind: 'commune',
    districts: ['HAIHA'],
    localities: ['Quảng Sơn', 'Quảng Phong'],
    weight: 12,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Cái Chiên',
    kind: 'commune',
    districts: ['HAIHA'],
    localities: [],
    weight: 3,
    segment: 'island',
  },
  // former Bình Liêu district
  {
    name: 'Bình Liêu',
    kind: 'commune',
    districts: ['BINHLIEU'],
    localities: ['Húc Động', 'Vô Ngại'],
    weight: 15,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Hoành Mô',
    kind: 'commune',
    districts: ['BINHLIEU'],
    localities: ['Đồng Tâm', 'Đồng Văn'],
    weight: 10,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Lục Hồn',
    kind: 'commune',
    districts: ['BINHLIEU'],
    localities: ['Tình Húc'],
    weight: 8,
    segment: 'ethnic-minority-mountain',
  },
  // former Ba Chẽ district
  {
    name: 'Ba Chẽ',
    kind: 'commune',
    districts: ['BACHE'],
    localities: ['Nam Sơn', 'Thanh Sơn', 'Đồn Đạc'],
    weight: 12,
    segment: 'ethnic-minority-mountain',
  },
  {
    name: 'Lương Minh',
    kind: 'commune',
    districts: ['BACHE'],
    localities: ['Lương Mông', 'Minh Cầm', 'Đạp Thanh'],
    weight: 7,
    segment: 'ethnic-minority-mountain',
  },
];

const COMMUNE_PREFIX: Record<CommuneKind, string> = {
  ward: 'Phường',
  commune: 'Xã',
  'special-zone': 'Đặc khu',
};

/** School categories: code prefix, name prefix and levels. */
const CATEGORIES = {
  MN: { name: 'Trường Mầm non', levels: ['preschool'] },
  TH: { name: 'Trường Tiểu học', levels: ['primary'] },
  THCS: { name: 'Trường THCS', levels: ['lower-secondary'] },
  THTHCS: { name: 'Trường TH&THCS', levels: ['primary', 'lower-secondary'] },
  THPT: { name: 'Trường THPT', levels: ['upper-secondary'] },
  THCSTHPT: { name: 'Trường THCS&THPT', levels: ['lower-secondary', 'upper-secondary'] },
  GDTX: { name: 'Trung tâm', levels: ['continuing'] },
} as const satisfies Record<string, { name: string; levels: readonly SchoolLevel[] }>;
type Category = keyof typeof CATEGORIES;
/** THCS&THPT schools share the THPT code series. */
const CODE_SERIES: Record<Category, string> = {
  MN: 'MN',
  TH: 'TH',
  THCS: 'THCS',
  THTHCS: 'THTHCS',
  THPT: 'THPT',
  THCSTHPT: 'THPT',
  GDTX: 'GDTX',
};

/** Schools in force per generated category (the closed fixed schools come on top). */
export const DEMO_SCHOOL_TARGETS = { MN: 591, TH: 155, THCS: 186 } as const;
const TARGETS = DEMO_SCHOOL_TARGETS;

interface FixedSchool {
  category: Category;
  /** Name without the category prefix. */
  base: string;
  commune: string;
  validFrom?: string;
  validTo?: string;
  /** Index (1-based) in the same code series of the school it was merged into. */
  mergedInto?: number;
  ownership?: Ownership;
  segment?: AreaSegment;
}

/**
 * Schools placed by hand; they get the first codes of their series, whatever the seed, so that
 * DEMO_SCHOOL_MOVES and the closures can refer to them.
 */
const FIXED_SCHOOLS: FixedSchool[] = [
  // MN-0001 moves Hà Tu → Cao Xanh; MN-0002 closed, merged into MN-0003
  { category: 'MN', base: 'Hà Phong', commune: 'Hà Tu', validFrom: '2002-09-05' },
  {
    category: 'MN',
    base: 'Vĩnh Trung',
    commune: 'Vĩnh Thực',
    validFrom: '2003-09-05',
    validTo: '2025-08-15',
    mergedInto: 3,
  },
  { category: 'MN', base: 'Vĩnh Thực', commune: 'Vĩnh Thực', validFrom: '2000-09-05' },
  // TH-0002 closed, merged into TH-0003; TH-0004 moves Mông Dương → Quang Hanh; TH-0006 opened after the reorganisation
  { category: 'TH', base: 'Trần Quốc Toản', commune: 'Hạ Long', validFrom: '2000-09-05' },
  {
    category: 'TH',
    base: 'Quảng Lâm 2',
    commune: 'Quảng Tân',
    validFrom: '2006-09-05',
    validTo: '2025-09-01',
    mergedInto: 3,
  },
  { category: 'TH', base: 'Quảng Lâm', commune: 'Quảng Tân', validFrom: '2001-10-01' },
  {
    category: 'TH',
    base: 'Dương Huy',
    commune: 'Mông Dương',
    validFrom: '2000-09-05',
    segment: 'rural',
  },
  { category: 'TH', base: 'Tuần Châu', commune: 'Tuần Châu', validFrom: '2000-09-05' },
  { category: 'TH', base: 'Tuần Châu 2', commune: 'Tuần Châu', validFrom: '2025-09-05' },
  // THCS-0002 moves Kỳ Thượng → Ba Chẽ
  { category: 'THCS', base: 'Trọng Điểm', commune: 'Hạ Long', validFrom: '2000-09-05' },
  { category: 'THCS', base: 'Thanh Lâm', commune: 'Kỳ Thượng', validFrom: '2000-09-05' },
  // primary + lower secondary in mountain communes and on a small island
  { category: 'THTHCS', base: 'Đồng Văn', commune: 'Hoành Mô' },
  { category: 'THTHCS', base: 'Tình Húc', commune: 'Lục Hồn' },
  { category: 'THTHCS', base: 'Minh Cầm', commune: 'Lương Minh' },
  { category: 'THTHCS', base: 'Đồng Sơn', commune: 'Kỳ Thượng' },
  { category: 'THTHCS', base: 'Quảng Sơn', commune: 'Quảng Đức' },
  { category: 'THTHCS', base: 'Cái Chiên', commune: 'Cái Chiên' },
  // upper secondary (department-managed): 57 THPT + 2 THCS&THPT = 59
  { category: 'THPT', base: 'Chuyên Hạ Long', commune: 'Hạ Long' },
  { category: 'THPT', base: 'Hòn Gai', commune: 'Hồng Gai' },
  { category: 'THPT', base: 'Bãi Cháy', commune: 'Bãi Cháy' },
  { category: 'THPT', base: 'Ngô Quyền', commune: 'Hà Lầm' },
  { category: 'THPT', base: 'Vũ Văn Hiếu', commune: 'Hà Tu' },
  { category: 'THPT', base: 'Hạ Long', commune: 'Cao Xanh' },
  { category: 'THPT', base: 'Hoàng Quốc Việt', commune: 'Việt Hưng' },
  { category: 'THPT', base: 'Hoành Bồ', commune: 'Hoành Bồ' },
  { category: 'THPT', base: 'Sơn Dương', commune: 'Hoành Bồ', segment: 'rural' },
  { category: 'THPT', base: 'Quảng La', commune: 'Quảng La' },
  { category: 'THPT', base: 'Thống Nhất', commune: 'Thống Nhất' },
  {
    category: 'THPT',
    base: 'Lê Thánh Tông',
    commune: 'Bãi Cháy',
    ownership: 'private',
    validFrom: '2012-08-20',
  },
  { category: 'THPT', base: 'Tuần Châu', commune: 'Tuần Châu', validFrom: '2008-09-05' },
  { category: 'THPT', base: 'Cẩm Phả', commune: 'Cẩm Phả' },
  { category: 'THPT', base: 'Lê Hồng Phong', commune: 'Cẩm Phả' },
  { category: 'THPT', base: 'Lương Thế Vinh', commune: 'Cẩm Phả' },
  { category: 'THPT', base: 'Lê Quý Đôn', commune: 'Quang Hanh' },
  { category: 'THPT', base: 'Quang Hanh', commune: 'Quang Hanh' },
  { category: 'THPT', base: 'Cửa Ông', commune: 'Cửa Ông' },
  { category: 'THPT', base: 'Mông Dương', commune: 'Mông Dương' },
  { category: 'THPT', base: 'Cẩm Hải', commune: 'Hải Hòa' },
  { category: 'THPT', base: 'Uông Bí', commune: 'Uông Bí' },
  { category: 'THPT', base: 'Hoàng Văn Thụ', commune: 'Uông Bí' },
  {
    category: 'THPT',
    base: 'Hồng Đức',
    commune: 'Uông Bí',
    ownership: 'private',
    validFrom: '2007-09-05',
  },
  { category: 'THPT', base: 'Vàng Danh', commune: 'Vàng Danh' },
  { category: 'THPT', base: 'Nguyễn Tất Thành', commune: 'Yên Tử' },
  { category: 'THPT', base: 'Trần Phú', commune: 'Móng Cái 1' },
  { category: 'THPT', base: 'Chu Văn An', commune: 'Móng Cái 2' },
  { category: 'THPT', base: 'Lý Thường Kiệt', commune: 'Móng Cái 3' },
  { category: 'THPT', base: 'Hải Đông', commune: 'Móng Cái 2' },
  { category: 'THPT', base: 'Hải Ninh', commune: 'Hải Ninh' },
  { category: 'THPT', base: 'Đông Triều', commune: 'Đông Triều' },
  { category: 'THPT', base: 'Nguyễn Bình', commune: 'Đông Triều' },
  { category: 'THPT', base: 'Hoàng Hoa Thám', commune: 'Hoàng Quế' },
  { category: 'THPT', base: 'Lê Chân', commune: 'Mạo Khê' },
  { category: 'THPT', base: 'Mạo Khê', commune: 'Mạo Khê' },
  {
    category: 'THPT',
    base: 'Trần Nhân Tông',
    commune: 'Mạo Khê',
    ownership: 'private',
    validFrom: '2009-09-05',
  },
  { category: 'THPT', base: 'Bình Khê', commune: 'Bình Khê' },
  { category: 'THPT', base: 'Bạch Đằng', commune: 'Quảng Yên' },
  { category: 'THPT', base: 'Yên Hưng', commune: 'Quảng Yên' },
  { category: 'THPT', base: 'Minh Hà', commune: 'Hà An' },
  { category: 'THPT', base: 'Đông Thành', commune: 'Đông Mai' },
  { category: 'THPT', base: 'Trần Quốc Tuấn', commune: 'Phong Cốc' },
  { category: 'THPT', base: 'Ngô Gia Tự', commune: 'Hiệp Hòa' },
  { category: 'THPT', base: 'Hải Đảo', commune: 'Vân Đồn' },
  { category: 'THPT', base: 'Quan Lạn', commune: 'Vân Đồn' },
  { category: 'THPT', base: 'Trần Khánh Dư', commune: 'Vân Đồn' },
  { category: 'THPT', base: 'Tiên Yên', commune: 'Tiên Yên' },
  { category: 'THPT', base: 'Hải Lạng', commune: 'Hải Lạng' },
  { category: 'THPT', base: 'Nguyễn Trãi', commune: 'Tiên Yên', segment: 'rural' },
  { category: 'THPT', base: 'Đầm Hà', commune: 'Đầm Hà', validFrom: '2002-09-05' },
  { category: 'THPT', base: 'Quảng Hà', commune: 'Quảng Hà', validFrom: '2001-10-01' },
  { category: 'THPT', base: 'Đường Hoa Cương', commune: 'Đường Hoa', validFrom: '2001-10-01' },
  { category: 'THPT', base: 'Nguyễn Du', commune: 'Quảng Hà', validFrom: '2004-09-05' },
  { category: 'THPT', base: 'Bình Liêu', commune: 'Bình Liêu' },
  { category: 'THPT', base: 'Ba Chẽ', commune: 'Ba Chẽ' },
  {
    category: 'THPT',
    base: 'Hải Hà',
    commune: 'Quảng Hà',
    ownership: 'private',
    validFrom: '2010-09-05',
  },
  { category: 'THCSTHPT', base: 'Cô Tô', commune: 'Cô Tô' },
  {
    category: 'THCSTHPT',
    base: 'Văn Lang',
    commune: 'Hồng Gai',
    ownership: 'private',
    validFrom: '2011-09-05',
  },
  // continuing education: the provincial centre + one per former district
  { category: 'GDTX', base: 'GDTX tỉnh', commune: 'Hồng Gai' },
  { category: 'GDTX', base: 'GDNN-GDTX Hạ Long', commune: 'Hoành Bồ' },
  { category: 'GDTX', base: 'GDNN-GDTX Cẩm Phả', commune: 'Cẩm Phả' },
  { category: 'GDTX', base: 'GDNN-GDTX Uông Bí', commune: 'Uông Bí' },
  { category: 'GDTX', base: 'GDNN-GDTX Móng Cái', commune: 'Móng Cái 1' },
  { category: 'GDTX', base: 'GDNN-GDTX Đông Triều', commune: 'Đông Triều' },
  { category: 'GDTX', base: 'GDNN-GDTX Quảng Yên', commune: 'Quảng Yên' },
  { category: 'GDTX', base: 'GDNN-GDTX Vân Đồn', commune: 'Vân Đồn' },
  { category: 'GDTX', base: 'GDNN-GDTX Cô Tô', commune: 'Cô Tô' },
  { category: 'GDTX', base: 'GDNN-GDTX Tiên Yên', commune: 'Tiên Yên' },
  { category: 'GDTX', base: 'GDNN-GDTX Đầm Hà', commune: 'Đầm Hà', validFrom: '2002-09-05' },
  { category: 'GDTX', base: 'GDNN-GDTX Hải Hà', commune: 'Quảng Hà', validFrom: '2002-09-05' },
  { category: 'GDTX', base: 'GDNN-GDTX Bình Liêu', commune: 'Bình Liêu' },
  { category: 'GDTX', base: 'GDNN-GDTX Ba Chẽ', commune: 'Ba Chẽ' },
];

const PRESCHOOL_THEMES = [
  'Hoa Hồng',
  'Hoa Sen',
  'Sao Mai',
  'Họa Mi',
  'Sơn Ca',
  'Vành Khuyên',
  'Hướng Dương',
  'Hoa Mai',
  'Hoa Lan',
  'Hoa Phượng',
  'Tuổi Thơ',
  'Bình Minh',
  'Hoa Đào',
  'Thủy Tiên',
  'Hoa Ban',
  'Măng Non',
  'Hoa Sữa',
  'Ánh Dương',
  'Tuổi Hồng',
  'Hoa Cúc',
  'Sao Sáng',
  'Hoa Ngọc Lan',
  'Chim Non',
  'Hoa Trạng Nguyên',
];
const PRIMARY_THEMES = [
  'Trần Quốc Toản',
  'Lê Văn Tám',
  'Kim Đồng',
  'Võ Thị Sáu',
  'Nguyễn Văn Trỗi',
  'Lý Tự Trọng',
  'Nguyễn Bá Ngọc',
  'Nguyễn Trãi',
  'Lê Lợi',
  'Quang Trung',
  'Chu Văn An',
  'Hùng Vương',
  'Vừ A Dính',
];
const LOWER_SECONDARY_THEMES = [
  'Lê Quý Đôn',
  'Nguyễn Văn Cừ',
  'Chu Văn An',
  'Nguyễn Trãi',
  'Lê Hồng Phong',
  'Trần Quốc Toản',
  'Ngô Quyền',
  'Nguyễn Du',
  'Trần Phú',
  'Nguyễn Đức Cảnh',
  'Hoàng Hoa Thám',
  'Suối Lại',
];
const PRIVATE_PRESCHOOL = [
  'Tư thục Ngôi Sao Nhỏ',
  'Tư thục Thiên Thần',
  'Tư thục Ban Mai',
  'Tư thục Cầu Vồng',
  'Tư thục Hải Âu',
  'Tư thục Hoa Anh Đào',
  'Tư thục Búp Sen Xanh',
  'Tư thục Ong Vàng',
  'Tư thục Sao Việt',
  'Tư thục Mặt Trời Bé Con',
];
const PRIVATE_SCHOOL = [
  'Ngôi Sao',
  'Tuệ Đức',
  'Sao Việt',
  'Thăng Long',
  'Việt Anh',
  'Đoàn Thị Điểm',
  'Hạ Long Xanh',
];

const GENERATED: Record<
  'MN' | 'TH' | 'THCS',
  { themes: string[]; privateNames: string[]; privateShare: number }
> = {
  MN: { themes: PRESCHOOL_THEMES, privateNames: PRIVATE_PRESCHOOL, privateShare: 0.12 },
  TH: { themes: PRIMARY_THEMES, privateNames: PRIVATE_SCHOOL, privateShare: 0.04 },
  THCS: { themes: LOWER_SECONDARY_THEMES, privateNames: PRIVATE_SCHOOL, privateShare: 0.03 },
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function shuffled<T>(rng: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** ASCII upper-case slug: 'Móng Cái 1' → 'MONGCAI1', 'Đông Triều' → 'DONGTRIEU'. */
export function demoSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
}

/** Placeholder in a name pool for the next free numbered name of the commune. */
const NUMBERED = '#';
const nfc = (s: string): string => s.normalize('NFC');
const communeCode = (name: string): string => `QN-C-${demoSlug(name)}`;
const districtCode = (key: string): string => `QN-D-${key}`;
const schoolCode = (series: string, n: number): string =>
  `QN-S-${series}-${String(n).padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

interface SchoolDraft {
  category: Category;
  base: string;
  commune: CommuneSpec;
  validFrom: string;
  validTo: string | null;
  mergedInto?: number;
  segment: AreaSegment;
  ownership: Ownership;
}

/**
 * Builds the demo tree: province, 13 districts (ended 2025-07-01), 54 commune-level units and
 * about 1,000 schools. The same seed always gives the same output; fixed schools (upper secondary,
 * GDTX, TH&THCS and the few with a history) keep their codes for every seed.
 */
export function buildDemoProvince(seed = 2025): DemoOrgUnit[] {
  const rng = seededRandom(seed);
  const byName = new Map(COMMUNES.map((c) => [c.name, c]));
  const communeOf = (name: string): CommuneSpec => {
    const c = byName.get(name);
    if (!c) throw new Error(`unknown commune ${name}`);
    return c;
  };
  const districtStart = new Map(DISTRICTS.map((d) => [d.key, d.validFrom]));
  /** Earliest date a school of this commune can start: all its former districts existed. */
  const earliest = (c: CommuneSpec): string =>
    c.districts.map((k) => districtStart.get(k) ?? '1963-10-30').reduce((a, b) => (a > b ? a : b));
  const clampStart = (c: CommuneSpec, date: string): string => {
    const min = earliest(c);
    if (date >= min) return date;
    const year = Number(min.slice(0, 4));
    const sameYear = `${year}-09-05`;
    return sameYear >= min ? sameYear : `${year + 1}-09-05`;
  };

  const units: DemoOrgUnit[] = [];

  // province
  units.push({
    code: DEMO_PROVINCE_CODE,
    kind: 'province',
    name: 'Tỉnh Quảng Ninh',
    parentCode: null,
    validFrom: '1963-10-30',
    validTo: null,
    successorCodes: [],
    school: null,
  });

  // districts with their successors
  for (const d of DISTRICTS) {
    units.push({
      code: districtCode(d.key),
      kind: 'district',
      name: d.name,
      parentCode: DEMO_PROVINCE_CODE,
      validFrom: d.validFrom,
      validTo: DEMO_REORGANISATION_DATE,
      successorCodes: COMMUNES.filter((c) => c.districts.includes(d.key)).map((c) =>
        communeCode(c.name),
      ),
      school: null,
    });
  }

  // commune-level units
  for (const c of COMMUNES) {
    units.push({
      code: communeCode(c.name),
      kind: c.kind,
      name: `${COMMUNE_PREFIX[c.kind]} ${c.name}`,
      parentCode: DEMO_PROVINCE_CODE,
      validFrom: DEMO_REORGANISATION_DATE,
      validTo: null,
      successorCodes: [],
      school: null,
    });
  }

  // --- schools ---
  const usedNames = new Map<CommuneSpec, Set<string>>(COMMUNES.map((c) => [c, new Set<string>()]));
  const fullName = (category: Category, base: string): string =>
    `${CATEGORIES[category].name} ${base}`;
  const reserve = (c: CommuneSpec, name: string): void => {
    const set = usedNames.get(c)!;
    if (set.has(name)) throw new Error(`duplicate school name ${name} in ${c.name}`);
    set.add(name);
  };

  const fixed: SchoolDraft[] = FIXED_SCHOOLS.map((f) => {
    const commune = communeOf(f.commune);
    reserve(commune, fullName(f.category, f.base));
    return {
      category: f.category,
      base: f.base,
      commune,
      validFrom: clampStart(commune, f.validFrom ?? '2000-09-05'),
      validTo: f.validTo ?? null,
      mergedInto: f.mergedInto,
      segment: f.segment ?? commune.segment,
      ownership: f.ownership ?? 'public',
    };
  });
  // a moved school's name must stay unique in its new commune too
  const fixedByCode = new Map<string, SchoolDraft>();
  {
    const counters = new Map<string, number>();
    for (const f of fixed) {
      const series = CODE_SERIES[f.category];
      const n = (counters.get(series) ?? 0) + 1;
      counters.set(series, n);
      fixedByCode.set(schoolCode(series, n), f);
    }
  }
  for (const move of DEMO_SCHOOL_MOVES) {
    const school = fixedByCode.get(move.schoolCode);
    const target = COMMUNES.find((c) => communeCode(c.name) === move.newParentCode);
    if (!school || !target) throw new Error(`bad demo move ${move.schoolCode}`);
    reserve(target, fullName(school.category, school.base));
  }

  // schools that leave their commune during 2025-2026 do not count as that commune's own school
  const movedAway = new Set(DEMO_SCHOOL_MOVES.map((m) => fixedByCode.get(m.schoolCode)));
  const hasLevel = (c: CommuneSpec, level: SchoolLevel, drafts: SchoolDraft[]): boolean =>
    drafts.some(
      (s) =>
        s.commune === c &&
        s.validTo === null &&
        !movedAway.has(s) &&
        (CATEGORIES[s.category].levels as readonly SchoolLevel[]).includes(level),
    );

  const generated: SchoolDraft[] = [];
  const totalWeight = COMMUNES.reduce((sum, c) => sum + c.weight, 0);
  const pickCommune = (): CommuneSpec => {
    let r = rng() * totalWeight;
    for (const c of COMMUNES) {
      r -= c.weight;
      if (r < 0) return c;
    }
    return COMMUNES[COMMUNES.length - 1];
  };

  const levelOf: Record<'MN' | 'TH' | 'THCS', SchoolLevel> = {
    MN: 'preschool',
    TH: 'primary',
    THCS: 'lower-secondary',
  };
  for (const category of ['MN', 'TH', 'THCS'] as const) {
    const level = levelOf[category];
    const perCommune = new Map<CommuneSpec, number>(COMMUNES.map((c) => [c, 0]));
    let count = fixed.filter((s) => s.category === category && s.validTo === null).length;
    // every commune-level unit gets at least one school of the level; preschools are small and
    // near home: one more in each former commune it absorbed
    for (const c of COMMUNES) {
      const wanted =
        (hasLevel(c, level, fixed) ? 0 : 1) + (category === 'MN' ? c.localities.length : 0);
      perCommune.set(c, wanted);
      count += wanted;
    }
    for (; count < TARGETS[category]; count++) {
      const c = pickCommune();
      perCommune.set(c, perCommune.get(c)! + 1);
    }

    const { themes, privateNames, privateShare } = GENERATED[category];
    for (const c of COMMUNES) {
      const n = perCommune.get(c)!;
      if (n === 0) continue;
      const used = usedNames.get(c)!;
      // former communes' names first, then themed names mixed with numbered ones ('Bãi Cháy 2')
      const candidates = [
        c.name,
        ...c.localities.filter((l) => l !== c.name),
        ...shuffled(rng, [...themes, NUMBERED, NUMBERED]),
      ];
      const privatePool = shuffled(rng, privateNames);
      const numbered = (): string => {
        for (let k = 2; ; k++) {
          const base = `${c.name} ${k}`;
          if (!used.has(fullName(category, base))) return base;
        }
      };
      const nextName = (isPrivate: boolean): string => {
        for (const base of isPrivate ? privatePool : candidates) {
          if (base === NUMBERED) return numbered();
          if (!used.has(fullName(category, base))) return base;
        }
        return numbered();
      };
      for (let i = 0; i < n; i++) {
        const segment = c.alt && rng() < c.alt.share ? c.alt.segment : c.segment;
        // the commune's first school of a level is public; private schools are urban
        const isPrivate = i > 0 && segment === 'urban' && rng() < privateShare;
        const base = nextName(isPrivate);
        used.add(fullName(category, base));
        const r = rng();
        const start =
          r < 0.55
            ? '2000-09-05'
            : r < 0.985
              ? `${2001 + Math.floor(rng() * 24)}-09-05`
              : '2025-09-05';
        generated.push({
          category,
          base,
          commune: c,
          validFrom: clampStart(c, start),
          validTo: null,
          segment,
          ownership: isPrivate ? 'private' : 'public',
        });
      }
    }
  }

  // codes: fixed schools first in each series (seed-independent), then generated ones in commune order
  const counters = new Map<string, number>();
  const order: Category[] = ['MN', 'TH', 'THCS', 'THTHCS', 'THPT', 'THCSTHPT', 'GDTX'];
  const drafts = order.flatMap((cat) => [
    ...fixed.filter((s) => s.category === cat),
    ...generated.filter((s) => s.category === cat),
  ]);
  for (const s of drafts) {
    const series = CODE_SERIES[s.category];
    const n = (counters.get(series) ?? 0) + 1;
    counters.set(series, n);
    units.push({
      code: schoolCode(series, n),
      kind: 'school',
      name: fullName(s.category, s.base),
      parentCode: communeCode(s.commune.name),
      validFrom: s.validFrom,
      validTo: s.validTo,
      successorCodes: s.mergedInto === undefined ? [] : [schoolCode(series, s.mergedInto)],
      school: {
        levels: [...CATEGORIES[s.category].levels],
        segment: s.segment,
        ownership: s.ownership,
      },
    });
  }

  return units.map((u) => ({ ...u, name: nfc(u.name), code: nfc(u.code) }));
}
