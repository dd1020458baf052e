/**
 * The parts of a Vietnamese administrative document (văn bản hành chính) a report needs, as
 * Decree 30/2020/ND-CP on clerical work lays them out (Appendix I: format and presentation):
 * national heading (Quốc hiệu và Tiêu ngữ), issuing body under its managing body (tên cơ quan,
 * tổ chức ban hành văn bản), number and symbol (số, ký hiệu), place and date (địa danh và thời
 * gian ban hành), type and summary (tên loại và trích yếu nội dung), recipients (nơi nhận) and
 * the signature block (quyền hạn, chức vụ của người ký). Pure: who sends the report decides to
 * whom, by when, and how it is headed and signed.
 *
 * Who reports to whom (the province's tasks for the school year, reporting section): schools and
 * commune-level units report to the Department of Education and Training by 10/01 (semester 1)
 * and 10/06 (year end); the Department reports to the Ministry by 30/01 and 30/06.
 */
import { reportingDeadlines, type IsoDate, type ReportKind } from '../../indicators/domain';

export const NATIONAL_HEADING = {
  /** Decree 30, Appendix I, II.1: uppercase, bold, 12–13 pt. */
  country: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  /** Bold, 13–14 pt, words capitalised, hyphens spaced, underlined by a line as long as it. */
  motto: 'Độc lập - Tự do - Hạnh phúc',
} as const;

export const PROVINCE_NAME = 'Quảng Ninh';
export const DEPARTMENT = 'Sở Giáo dục và Đào tạo';
export const MINISTRY = 'Bộ Giáo dục và Đào tạo';

export type SenderLevel = 'department' | 'commune' | 'school';

export interface ReportingUnit {
  /** Registry kind: province (the department reports for it), commune, ward, special-zone, school. */
  kind: string;
  name: string;
  /** For a school: the unit it sits under (a commune-level unit, or the province). */
  parent?: { kind: string; name: string } | null;
}

export interface AdministrativeForm {
  level: SenderLevel;
  /** Issuing body: the managing body's line (uppercase, regular) and its own (uppercase, bold). */
  issuingBody: { managing: string | null; name: string };
  /** Number left blank for the clerk who registers the document (văn thư), then the symbol. */
  numberAndSymbol: string;
  /** `Quảng Ninh, ngày 10 tháng 01 năm 2026`. */
  placeAndDate: string;
  /** `BÁO CÁO` and the summary line under it. */
  type: string;
  summary: string;
  recipient: string;
  dueOn: IsoDate;
  /** Nơi nhận: the recipient "để báo cáo", then the copy kept by the clerk's office. */
  copiesTo: string[];
  /** Authority line(s) above the title (TM., KT.), the title, room for the signature. */
  signature: { authority: string[]; title: string };
}

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The place's proper name, without the unit type: `Xã Ba Chẽ` → `Ba Chẽ`. */
export function placeName(unitName: string): string {
  return unitName
    .normalize('NFC')
    .replace(/^(Tỉnh|Thành phố|Xã|Phường|Thị trấn|Đặc khu)\s+/iu, '')
    .trim();
}

/**
 * Decree 30, Appendix I, II.5: `<place>, ngày dd tháng mm năm yyyy`, a day below 10 and the
 * months 1 and 2 written with a leading zero (so nobody can add a digit), other months without.
 */
export function placeAndDate(place: string, date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  const month = m <= 2 ? pad2(m) : String(m);
  return `${place}, ngày ${pad2(d)} tháng ${month} năm ${y}`;
}

/**
 * The symbol's abbreviation of a school's name: the level's acronym (TH, THCS, THPT, MN,
 * GDNN-GDTX, …) then the initials of its proper name, keeping Đ: `Trường THPT Hòn Gai` → `THPTHG`.
 */
export function schoolAbbreviation(name: string): string {
  const words = name.normalize('NFC').replace(/^Trường\s+/iu, '').split(/\s+/).filter(Boolean);
  const acronym = words[0] && /^[A-ZĐ&-]{2,}$/u.test(words[0]) ? words.shift()! : '';
  const initials = words
    .map((w) => w[0])
    .join('')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
  return upper(`${acronym}${initials}`);
}

export function senderLevel(kind: string): SenderLevel {
  if (kind === 'province') return 'department';
  if (kind === 'school') return 'school';
  return 'commune';
}

export function reportSummary(kind: ReportKind, schoolYear: string): string {
  return kind === 'semester-1'
    ? `Sơ kết học kỳ I năm học ${schoolYear}: kết quả thực hiện các chỉ tiêu chuyển đổi số ngành Giáo dục`
    : `Tổng kết năm học ${schoolYear}: kết quả thực hiện các chỉ tiêu chuyển đổi số ngành Giáo dục`;
}

/** The form of a report a unit sends, on the day it is made. */
export function administrativeForm(
  unit: ReportingUnit,
  kind: ReportKind,
  schoolYear: string,
  today: IsoDate,
): AdministrativeForm {
  const level = senderLevel(unit.kind);
  const deadline = reportingDeadlines(schoolYear).find(
    (d) => d.report === kind && d.from === (level === 'department' ? 'department' : 'units'),
  )!;
  const common = {
    level,
    type: 'BÁO CÁO',
    summary: reportSummary(kind, schoolYear),
    dueOn: deadline.dueOn,
  };
  if (level === 'department')
    return {
      ...common,
      issuingBody: { managing: upper(`UBND tỉnh ${PROVINCE_NAME}`), name: upper(DEPARTMENT) },
      numberAndSymbol: 'Số:        /BC-SGDĐT',
      placeAndDate: placeAndDate(PROVINCE_NAME, today),
      recipient: MINISTRY,
      copiesTo: [`${MINISTRY} (để báo cáo);`, 'UBND tỉnh (để báo cáo);', 'Lưu: VT, KHTC.'],
      signature: { authority: [], title: 'GIÁM ĐỐC' },
    };
  const recipient = `${DEPARTMENT} tỉnh ${PROVINCE_NAME}`;
  if (level === 'commune')
    return {
      ...common,
      // An Ủy ban nhân dân writes its own name on two lines, with no managing body above it.
      issuingBody: { managing: null, name: upper(`Ủy ban nhân dân\n${unit.name}`) },
      numberAndSymbol: 'Số:        /BC-UBND',
      placeAndDate: placeAndDate(placeName(unit.name), today),
      recipient,
      copiesTo: [`${recipient} (để báo cáo);`, 'Lưu: VT, VHXH.'],
      signature: { authority: ['TM. ỦY BAN NHÂN DÂN'], title: 'CHỦ TỊCH' },
    };
  const parent = unit.parent ?? null;
  const managing =
    parent && parent.kind !== 'province'
      ? upper(`UBND ${parent.name}`)
      : upper(`Sở GDĐT ${PROVINCE_NAME}`);
  return {
    ...common,
    issuingBody: { managing, name: upper(unit.name) },
    numberAndSymbol: `Số:        /BC-${schoolAbbreviation(unit.name)}`,
    placeAndDate: placeAndDate(
      parent && parent.kind !== 'province' ? placeName(parent.name) : PROVINCE_NAME,
      today,
    ),
    recipient,
    copiesTo: [`${recipient} (để báo cáo);`, 'Lưu: VT.'],
    signature: { authority: [], title: 'HIỆU TRƯỞNG' },
  };
}
