import type { GeneralJws, JwsSignatureEntry } from '@qn/document-signing';
import type { JsonObject } from './canonical';

/**
 * Who signs a học bạ (digital school record), and in which capacity. A signature's role is part
 * of what it means: the homeroom teacher (giáo viên chủ nhiệm) attests the marks and remarks, the
 * principal (hiệu trưởng) approves, the school's organisation seal (con dấu số của nhà trường)
 * stands for the school itself.
 */
export const SIGNER_ROLES = ['homeroom-teacher', 'principal', 'school-seal'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];

/** A record is complete once these have all signed the same version. */
export const REQUIRED_ROLES: readonly SignerRole[] = SIGNER_ROLES;

export const isSignerRole = (v: unknown): v is SignerRole =>
  typeof v === 'string' && (SIGNER_ROLES as readonly string[]).includes(v);

/** How a correction (đính chính) points back at the version it replaces. */
export interface PreviousVersion extends JsonObject {
  version: number;
  /** recordHash of the previous version's document. */
  hash: string;
  /** Why it was corrected (lý do đính chính), shown to whoever verifies. */
  reason: string;
}

/**
 * One version of one learner's record for one school year: the signed JSON document. The
 * envelope fields are what signing and history need; `body` is the record itself (marks,
 * conduct, remarks: the gradebook's output), signed as is.
 */
export interface RecordDocument extends JsonObject {
  /** Schema tag, so a verifier knows how to read the body. */
  schema: string;
  /** Stable across versions: learner + school + school year. */
  recordId: string;
  learnerId: string;
  schoolId: string;
  /** e.g. "2025-2026" (năm học). */
  schoolYear: string;
  /** 1 for the first issue, +1 for each correction. */
  version: number;
  previous: PreviousVersion | null;
  body: JsonObject;
}

export const RECORD_SCHEMA = 'qn.hoc-ba/1';

/** A version with its JWS (General JSON Serialization). */
export interface SignedVersion {
  document: RecordDocument;
  jws: GeneralJws;
}

/** RFC 7515 §7.2.1: one payload, one entry per signer. */
export type { GeneralJws, JwsSignatureEntry };

/**
 * A correction (đính chính) of a signed version: the next version, pointing at the previous
 * version's hash with the reason. It is signed anew; the earlier version stays as it was.
 */
export function correctionOf(
  previous: RecordDocument,
  previousHash: string,
  body: JsonObject,
  reason: string,
): RecordDocument {
  if (reason.trim() === '') throw new Error('a correction needs a reason');
  return {
    ...previous,
    version: previous.version + 1,
    previous: { version: previous.version, hash: previousHash, reason },
    body,
  };
}
