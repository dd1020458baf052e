import {
  DIPLOMA_KINDS,
  type DiplomaKind,
} from '../../shared/verifiable-credentials/diploma-credential';

/** Phôi bằng titles, as the Ministry's templates print them. */
const TITLES: Record<DiplomaKind, string> = {
  'lower-secondary-diploma': 'BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ',
  'upper-secondary-diploma': 'BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG',
};

const GENDERS: Record<string, string> = { male: 'Nam', female: 'Nữ' };

/** What the printed diploma says, read from the signed credential only (never from the register). */
export interface DiplomaPage {
  nationalHeading: [string, string];
  /** Cơ quan cấp: the issuer's name as the credential states it. */
  authority: string;
  title: string;
  /** Label and value, in print order; optional facts the credential leaves out are left out. */
  holder: Array<[string, string]>;
  /** e.g. "Quảng Ninh, ngày 20 tháng 6 năm 2026". */
  placeAndDate: string;
  decisionReference: string;
  serialNumber: string;
  entryNumber: string;
  /** The credential id (urn:uuid:…), printed small for whoever types it into the page. */
  credentialId: string;
}

type Doc = Record<string, unknown>;
const obj = (v: unknown): Doc =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : {};
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';

/** YYYY-MM-DD → dd/mm/yyyy (Vietnamese print); anything else as it is. */
export function vietnameseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/** "ngày 20 tháng 6 năm 2026" of an instant, on the Việt Nam calendar (UTC+7). */
export function vietnameseDayPhrase(instant: string): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + 7 * 3_600_000);
  return `ngày ${d.getUTCDate()} tháng ${d.getUTCMonth() + 1} năm ${d.getUTCFullYear()}`;
}

function kindOf(achievementId: string): DiplomaKind | undefined {
  return DIPLOMA_KINDS.find((k) => achievementId.endsWith(`/${k}`));
}

/**
 * The text of a diploma's printout from its signed credential (Open Badges 3.0 with the
 * vn-diploma context). Pure, so what a reader sees is tested; `place` is where the province's
 * diplomas are dated (the credential states the authority, not the town).
 */
export function diplomaPage(credential: object, place: string): DiplomaPage {
  const c = credential as Doc;
  const subject = obj(c.credentialSubject);
  const achievement = obj(subject.achievement);
  const kind = kindOf(text(achievement.id));
  const entry = obj(subject.originalRegisterEntry);
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier : [];
  const name = identifiers.map(obj).find((i) => i.identityType === 'name' && i.hashed === false);
  const holder: Array<[string, string]> = [
    ['Họ và tên', text(name?.identityHash)],
    ['Ngày sinh', vietnameseDate(text(subject.birthDate))],
  ];
  if (text(subject.placeOfBirth)) holder.push(['Nơi sinh', text(subject.placeOfBirth)]);
  if (GENDERS[text(subject.gender)]) holder.push(['Giới tính', GENDERS[text(subject.gender)]]);
  if (text(subject.ethnicity)) holder.push(['Dân tộc', text(subject.ethnicity)]);
  holder.push(['Học sinh trường', text(obj(subject.school).name)]);
  holder.push(['Năm tốt nghiệp', text(subject.graduationYear)]);
  if (text(subject.classification)) holder.push(['Xếp loại', text(subject.classification)]);
  const day = vietnameseDayPhrase(text(c.validFrom));
  return {
    nationalHeading: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    authority: text(obj(c.issuer).name),
    title: kind ? TITLES[kind] : text(achievement.name).toUpperCase(),
    holder,
    placeAndDate: day ? `${place}, ${day}` : place,
    decisionReference: text(subject.decisionReference),
    serialNumber: text(entry.serialNumber),
    entryNumber: text(entry.entryNumber),
    credentialId: text(c.id),
  };
}
