/**
 * The credentials service's original registers of diplomas (sổ gốc cấp văn bằng, Circular
 * 21/2019/TT-BGDĐT): how far each register is kept in the platform. Ids and counts only: holders'
 * names and dates of birth stay in the credentials service.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { count, dateTime, uuid } from './fields';

/** Bằng tốt nghiệp THCS / THPT. */
export const diplomaKind = z.enum(['lower-secondary-diploma', 'upper-secondary-diploma']);

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
