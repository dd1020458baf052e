/**
 * Diplomas (văn bằng) issued from the original registers (sổ gốc): what the credentials service
 * tells the platform. Ids, numbers and hashes only: the holder's name and date of birth stay in
 * the register, read through the credentials service by those allowed to.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { dateTime, uuid } from './fields';

export const DIPLOMA_KINDS = ['lower-secondary-diploma', 'upper-secondary-diploma'] as const;
/** bằng tốt nghiệp THCS / bằng tốt nghiệp THPT */
export type DiplomaKind = (typeof DIPLOMA_KINDS)[number];

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
