import {
  CREDENTIALS_V2_CONTEXT_URL,
  OPEN_BADGES_CONTEXT_URL,
  VN_DIPLOMA_CONTEXT_URL,
} from './bundled-contexts';
import type { JsonObject, JsonValue, UnsignedCredential } from './credential-types';
import { STATUS_LIST_LENGTH } from './status-list';

/** Bằng tốt nghiệp THCS / THPT. */
export type DiplomaKind = 'lower-secondary-diploma' | 'upper-secondary-diploma';

export const DIPLOMA_KINDS: readonly DiplomaKind[] = [
  'lower-secondary-diploma',
  'upper-secondary-diploma',
];

export interface StatusPointer {
  listUrl: string;
  index: number;
}

export interface DiplomaClaims {
  /** A UUID; the credential id is `urn:uuid:${credentialId}`. */
  credentialId: string;
  kind: DiplomaKind;
  holder: {
    fullName: string;
    /** YYYY-MM-DD */
    dateOfBirth: string;
    placeOfBirth: string | null;
    gender: 'male' | 'female' | null;
    ethnicity: string | null;
  };
  /** `id` is an absolute IRI; a bare UUID is written as `urn:uuid:${id}`. */
  school: { id: string; name: string };
  graduationYear: number;
  /** Xếp loại tốt nghiệp, when the diploma states one. */
  classification: string | null;
  /** Sổ gốc: register code, số vào sổ gốc, số hiệu văn bằng. */
  register: { code: string; entryNumber: string; serialNumber: string };
  /** The competent authority: the commune for lower secondary, the department for upper secondary. */
  issuer: { iri: string; name: string };
  /** ISO date-time in UTC (…Z): validFrom. */
  issuedAt: string;
  /** Số/ký hiệu quyết định công nhận tốt nghiệp. */
  decisionReference: string;
  /** 1, then +1 for each correction. */
  version: number;
  /** UUID of the version this one corrects. */
  previousCredentialId?: string;
  status: { revocation: StatusPointer; suspension: StatusPointer };
  /** e.g. `${publicUrl}/achievements`; the achievement id is `${achievementBaseUrl}/${kind}`. */
  achievementBaseUrl: string;
}

interface AchievementText {
  name: string;
  description: string;
  criteria: string;
}

const ACHIEVEMENTS: Record<DiplomaKind, AchievementText> = {
  'lower-secondary-diploma': {
    name: 'Bằng tốt nghiệp trung học cơ sở',
    description:
      'Văn bằng giáo dục phổ thông cấp cho người học đã hoàn thành chương trình giáo dục trung học cơ sở và được công nhận tốt nghiệp.',
    criteria:
      'Người học học hết chương trình trung học cơ sở, đáp ứng các điều kiện xét công nhận tốt nghiệp theo quy định của Bộ Giáo dục và Đào tạo và được cơ quan có thẩm quyền ra quyết định công nhận tốt nghiệp trung học cơ sở.',
  },
  'upper-secondary-diploma': {
    name: 'Bằng tốt nghiệp trung học phổ thông',
    description:
      'Văn bằng giáo dục phổ thông cấp cho người học đã hoàn thành chương trình giáo dục trung học phổ thông và được công nhận tốt nghiệp.',
    criteria:
      'Người học học hết chương trình trung học phổ thông, dự kỳ thi tốt nghiệp trung học phổ thông, đáp ứng các điều kiện công nhận tốt nghiệp theo quy định của Bộ Giáo dục và Đào tạo và được cơ quan có thẩm quyền ra quyết định công nhận tốt nghiệp trung học phổ thông.',
  },
};

export function diplomaName(kind: DiplomaKind): string {
  return ACHIEVEMENTS[kind].name;
}

export const DIPLOMA_CONTEXTS = [
  CREDENTIALS_V2_CONTEXT_URL,
  OPEN_BADGES_CONTEXT_URL,
  VN_DIPLOMA_CONTEXT_URL,
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;
// Status lists are fetched by verifiers: HTTPS, except a local demo on this machine.
const STATUS_LIST_URL = /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)\S+$/;

/** Validation failures name the field, never its value (values are personal data). */
export class InvalidDiplomaClaimsError extends Error {
  constructor(readonly field: string) {
    super(`Invalid diploma claim: ${field}`);
    this.name = 'InvalidDiplomaClaimsError';
  }
}

function check(condition: boolean, field: string): void {
  if (!condition) throw new InvalidDiplomaClaimsError(field);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function validate(claims: DiplomaClaims): void {
  check(UUID.test(claims.credentialId), 'credentialId');
  check(DIPLOMA_KINDS.includes(claims.kind), 'kind');
  check(nonEmpty(claims.holder.fullName), 'holder.fullName');
  check(
    DATE.test(claims.holder.dateOfBirth) && !Number.isNaN(Date.parse(claims.holder.dateOfBirth)),
    'holder.dateOfBirth',
  );
  check(
    claims.holder.placeOfBirth === null || nonEmpty(claims.holder.placeOfBirth),
    'holder.placeOfBirth',
  );
  check([null, 'male', 'female'].includes(claims.holder.gender), 'holder.gender');
  check(claims.holder.ethnicity === null || nonEmpty(claims.holder.ethnicity), 'holder.ethnicity');
  check(nonEmpty(claims.school.id), 'school.id');
  check(nonEmpty(claims.school.name), 'school.name');
  check(Number.isInteger(claims.graduationYear) && claims.graduationYear > 1900, 'graduationYear');
  check(claims.classification === null || nonEmpty(claims.classification), 'classification');
  check(nonEmpty(claims.register.code), 'register.code');
  check(nonEmpty(claims.register.entryNumber), 'register.entryNumber');
  check(nonEmpty(claims.register.serialNumber), 'register.serialNumber');
  check(ABSOLUTE_IRI.test(claims.issuer.iri) && !claims.issuer.iri.includes('#'), 'issuer.iri');
  check(nonEmpty(claims.issuer.name), 'issuer.name');
  check(
    UTC_DATE_TIME.test(claims.issuedAt) && !Number.isNaN(Date.parse(claims.issuedAt)),
    'issuedAt',
  );
  check(nonEmpty(claims.decisionReference), 'decisionReference');
  check(Number.isInteger(claims.version) && claims.version >= 1, 'version');
  // A correction always names what it corrects; a first version never does.
  check(
    claims.version === 1
      ? claims.previousCredentialId === undefined
      : claims.previousCredentialId !== undefined && UUID.test(claims.previousCredentialId),
    'previousCredentialId',
  );
  for (const purpose of ['revocation', 'suspension'] as const) {
    const pointer = claims.status[purpose];
    check(
      STATUS_LIST_URL.test(pointer.listUrl) && !pointer.listUrl.includes('#'),
      `status.${purpose}.listUrl`,
    );
    check(
      Number.isInteger(pointer.index) && pointer.index >= 0 && pointer.index < STATUS_LIST_LENGTH,
      `status.${purpose}.index`,
    );
  }
  check(/^https?:\/\/\S+[^/]$/.test(claims.achievementBaseUrl), 'achievementBaseUrl');
}

function iri(id: string): string {
  return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : id;
}

function statusEntry(purpose: 'revocation' | 'suspension', pointer: StatusPointer): JsonObject {
  return {
    id: `${pointer.listUrl}#${pointer.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(pointer.index),
    statusListCredential: pointer.listUrl,
  };
}

/** Every string NFC-normalised: the same name typed on two keyboards must sign the same bytes. */
function normalise<T extends JsonValue>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((v) => normalise(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = normalise(v);
    return out as T;
  }
  return value;
}

/**
 * The unsigned Open Badges 3.0 credential of a graduation diploma. Pure and deterministic: the
 * same claims always give the same document. Optional holder facts that are null are left out.
 * Throws InvalidDiplomaClaimsError (naming the field) on malformed claims.
 */
export function buildDiplomaCredential(claims: DiplomaClaims): UnsignedCredential {
  validate(claims);
  const text = ACHIEVEMENTS[claims.kind];
  const { holder } = claims;
  const schoolId = iri(claims.school.id.trim());
  check(ABSOLUTE_IRI.test(schoolId), 'school.id');

  const subject: JsonObject = {
    type: ['AchievementSubject'],
    // OB 3.0 names the holder through an IdentityObject; the name is in clear (hashed: false)
    // because the diploma prints it.
    identifier: [
      {
        type: 'IdentityObject',
        identityType: 'name',
        hashed: false,
        identityHash: holder.fullName.trim(),
      },
    ],
    birthDate: holder.dateOfBirth,
    placeOfBirth: holder.placeOfBirth?.trim(),
    gender: holder.gender ?? undefined,
    ethnicity: holder.ethnicity?.trim(),
    graduationYear: claims.graduationYear,
    classification: claims.classification?.trim(),
    school: { id: schoolId, type: 'School', name: claims.school.name.trim() },
    originalRegisterEntry: {
      type: 'OriginalRegisterEntry',
      registerCode: claims.register.code.trim(),
      entryNumber: claims.register.entryNumber.trim(),
      serialNumber: claims.register.serialNumber.trim(),
    },
    decisionReference: claims.decisionReference.trim(),
    achievement: {
      id: `${claims.achievementBaseUrl}/${claims.kind}`,
      type: ['Achievement'],
      achievementType: 'Diploma',
      name: text.name,
      description: text.description,
      criteria: { narrative: text.criteria },
      inLanguage: 'vi',
    },
  };

  const credential: JsonObject = {
    '@context': [...DIPLOMA_CONTEXTS],
    id: `urn:uuid:${claims.credentialId.toLowerCase()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: text.name,
    issuer: { id: claims.issuer.iri, type: ['Profile'], name: claims.issuer.name.trim() },
    validFrom: claims.issuedAt,
    credentialSubject: subject,
    credentialStatus: [
      statusEntry('revocation', claims.status.revocation),
      statusEntry('suspension', claims.status.suspension),
    ],
    credentialVersion: claims.version,
    previousCredential:
      claims.previousCredentialId === undefined
        ? undefined
        : `urn:uuid:${claims.previousCredentialId.toLowerCase()}`,
  };
  return normalise(credential) as UnsignedCredential;
}
