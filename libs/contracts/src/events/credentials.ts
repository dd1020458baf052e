/**
 * Diplomas (văn bằng) and the original registers (sổ gốc cấp văn bằng, Circular 21/2019/TT-BGDĐT)
 * they are entered in: what the credentials service tells the platform. Ids, numbers, counts and
 * hashes only: the holder's name and date of birth stay in the register, read through the
 * credentials service by those allowed to.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { count, dateTime, uuid } from './fields';

export const DIPLOMA_KINDS = ['lower-secondary-diploma', 'upper-secondary-diploma'] as const;
/** bằng tốt nghiệp THCS / bằng tốt nghiệp THPT */
export type DiplomaKind = (typeof DIPLOMA_KINDS)[number];
export const diplomaKind = z.enum(DIPLOMA_KINDS);

const credentialHash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `credentials.credential.issued` v1: a diploma was entered in its original register and issued
 * as a verifiable credential signed by the competent authority (version 1; a correction's new
 * version is `credentials.credential.corrected`).
 */
export const credentialIssuedV1 = defineEvent(
  'credentials.credential.issued',
  1,
  z.strictObject({
    credentialId: uuid,
    entryId: uuid,
    registerId: uuid,
    kind: z.enum(DIPLOMA_KINDS),
    /** The learner (enrollment's student id). */
    learnerId: uuid,
    schoolId: uuid,
    /** The competent authority's org unit: the commune (lower secondary) or the department. */
    authorityId: uuid,
    graduationYear: z.int().min(1945).max(2200),
    /** SHA-256 (hex) of the signed credential's RFC 8785 (JCS) form: the QR link and the register match on it. */
    credentialHash,
    issuedAt: dateTime,
  }),
);
export type CredentialIssuedV1 = EventDataOf<typeof credentialIssuedV1>;

/**
 * Why a diploma's status changed (Circular 21/2019, thu hồi / hủy bỏ văn bằng): obtained by fraud,
 * issued to someone not eligible, issued by an authority without the power to, altered, lent to
 * someone else, issued in error; suspended while a case is examined; or another reason the
 * decision states.
 */
export const STATUS_REASONS = [
  'fraud',
  'not-eligible',
  'wrong-authority',
  'altered',
  'lent-to-another',
  'issued-in-error',
  'under-investigation',
  'other',
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

const decisionReference = z.string().min(1).max(100);

const statusChange = z.strictObject({
  entryId: uuid,
  registerId: uuid,
  kind: z.enum(DIPLOMA_KINDS),
  /** The entry's current credential; null for an entry digitised from a paper register. */
  credentialId: uuid.nullable(),
  learnerId: uuid.nullable(),
  schoolId: uuid.nullable(),
  authorityId: uuid.nullable(),
  reason: z.enum(STATUS_REASONS),
  /** The authority's decision (số/ký hiệu quyết định). */
  decisionReference,
  changedAt: dateTime,
});

/** `credentials.credential.revoked` v1: the diploma was revoked (thu hồi, hủy bỏ): final. */
export const credentialRevokedV1 = defineEvent('credentials.credential.revoked', 1, statusChange);
export type CredentialRevokedV1 = EventDataOf<typeof credentialRevokedV1>;

/** `credentials.credential.suspended` v1: the diploma is suspended while a case is examined. */
export const credentialSuspendedV1 = defineEvent(
  'credentials.credential.suspended',
  1,
  statusChange,
);
export type CredentialSuspendedV1 = EventDataOf<typeof credentialSuspendedV1>;

/** `credentials.credential.reinstated` v1: a suspension was lifted; the diploma is valid again. */
export const credentialReinstatedV1 = defineEvent(
  'credentials.credential.reinstated',
  1,
  statusChange,
);
export type CredentialReinstatedV1 = EventDataOf<typeof credentialReinstatedV1>;

export const CORRECTABLE_FIELDS = [
  'fullName',
  'dateOfBirth',
  'placeOfBirth',
  'gender',
  'ethnicity',
  'classification',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/**
 * `credentials.credential.corrected` v1: an entry was corrected by the authority's decision
 * (chỉnh sửa văn bằng) and, when it had a credential, a new version was issued (the previous one
 * is revoked as superseded). Names the fields, never their values.
 */
export const credentialCorrectedV1 = defineEvent(
  'credentials.credential.corrected',
  1,
  z.strictObject({
    entryId: uuid,
    registerId: uuid,
    kind: z.enum(DIPLOMA_KINDS),
    credentialId: uuid.nullable(),
    previousCredentialId: uuid.nullable(),
    learnerId: uuid.nullable(),
    schoolId: uuid.nullable(),
    authorityId: uuid.nullable(),
    version: z.int().min(2),
    fields: z.array(z.enum(CORRECTABLE_FIELDS)).min(1),
    decisionReference,
    credentialHash: credentialHash.nullable(),
    correctedAt: dateTime,
  }),
);
export type CredentialCorrectedV1 = EventDataOf<typeof credentialCorrectedV1>;

export const REISSUE_REASONS = ['lost', 'damaged', 'holder-request', 'key-rotation'] as const;
export type ReissueReason = (typeof REISSUE_REASONS)[number];

/**
 * `credentials.credential.reissued` v1: the same diploma issued again as a new credential (lost
 * wallet, damaged copy, a new authority key); the previous credential is revoked as superseded.
 */
export const credentialReissuedV1 = defineEvent(
  'credentials.credential.reissued',
  1,
  z.strictObject({
    entryId: uuid,
    registerId: uuid,
    kind: z.enum(DIPLOMA_KINDS),
    credentialId: uuid,
    previousCredentialId: uuid,
    learnerId: uuid.nullable(),
    schoolId: uuid.nullable(),
    authorityId: uuid,
    reason: z.enum(REISSUE_REASONS),
    credentialHash,
    reissuedAt: dateTime,
  }),
);
export type CredentialReissuedV1 = EventDataOf<typeof credentialReissuedV1>;

/**
 * `credentials.register.coverage-changed` v1: the full state of one register's coverage after a
 * change (created, entries imported or issued, an entry reviewed). Each event replaces the
 * previous one of the register (the topic is compacted by register id): a reader keeps the latest.
 */
export const registerCoverageChangedV1 = defineEvent(
  'credentials.register.coverage-changed',
  1,
  z.strictObject({
    registerId: uuid,
    kind: diplomaKind,
    /** `issued`: kept here from the start; `historic`: digitised from the paper archive. */
    origin: z.enum(['issued', 'historic']),
    /** The school the register covers, when it covers one. */
    schoolId: uuid.nullable(),
    /** The issuing authority's org unit (cơ quan cấp), when it still exists as one. */
    authorityId: uuid.nullable(),
    graduationYear: z.int().min(1945).max(2200),
    /** Historic registers: entries the paper book holds (archive inventory); null for issued ones. */
    expectedEntries: count.nullable(),
    /** Entries in the platform (imported or issued). */
    digitisedEntries: count,
    /** Entries a reviewer confirmed against the paper page. */
    reviewedEntries: count,
    changedAt: dateTime,
  }),
);
export type RegisterCoverageChangedV1 = EventDataOf<typeof registerCoverageChangedV1>;
