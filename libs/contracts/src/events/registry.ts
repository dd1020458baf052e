/**
 * Master data events of the registry service. Both topics are compacted and keyed by the
 * entity id: the latest event per key is the entity's full current state, so any service can
 * rebuild its copy from Kafka alone.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { calendarDate, schoolYearCode, uuid } from './fields';

export const ORG_UNIT_KINDS = [
  'province',
  'district',
  'commune',
  'ward',
  'special-zone',
  'school',
] as const;
/** tỉnh, huyện/thị xã/thành phố (abolished 2025), xã, phường, đặc khu, trường */
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const SCHOOL_LEVELS = [
  'preschool',
  'primary',
  'lower-secondary',
  'upper-secondary',
  'continuing',
  'vocational',
] as const;
/** mầm non, tiểu học, THCS, THPT, GDTX, giáo dục nghề nghiệp */
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const AREA_SEGMENTS = ['urban', 'rural', 'ethnic-minority-mountain', 'island'] as const;
/** thành thị, nông thôn, vùng dân tộc thiểu số và miền núi, hải đảo */
export type AreaSegment = (typeof AREA_SEGMENTS)[number];

export const OWNERSHIPS = ['public', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** One period of a unit's place in the tree: name and parent valid from `validFrom` to `validTo` (exclusive). */
const orgUnitVersion = z.strictObject({
  validFrom: calendarDate,
  validTo: calendarDate.nullable(),
  parentId: uuid.nullable(),
  name: z.string().min(1).max(200),
});
export type OrgUnitVersion = z.output<typeof orgUnitVersion>;

const schoolAttributes = z.strictObject({
  levels: z.array(z.enum(SCHOOL_LEVELS)).min(1),
  segment: z.enum(AREA_SEGMENTS),
  ownership: z.enum(OWNERSHIPS),
});
export type SchoolAttributes = z.output<typeof schoolAttributes>;

/** `registry.org-unit.changed` v1: the full current state of one organisation unit. */
export const orgUnitChangedV1 = defineEvent(
  'registry.org-unit.changed',
  1,
  z.strictObject({
    id: uuid,
    code: z.string().min(1).max(50),
    kind: z.enum(ORG_UNIT_KINDS),
    name: z.string().min(1).max(200),
    parentId: uuid.nullable(),
    validFrom: calendarDate,
    validTo: calendarDate.nullable(),
    /** Units that took over when this one ended (e.g. a district's communes after 2025). */
    successorIds: z.array(uuid),
    /** Full timeline of names and parents, oldest first; the last entry is the current one. */
    versions: z.array(orgUnitVersion).min(1),
    school: schoolAttributes.nullable(),
    /** Increases by one with every change; consumers ignore a revision older than theirs. */
    revision: z.int().min(1),
  }),
);
export type OrgUnitChangedV1 = EventDataOf<typeof orgUnitChangedV1>;

/** `registry.school-year.changed` v1: a school year (năm học) and its terms (học kỳ). */
export const schoolYearChangedV1 = defineEvent(
  'registry.school-year.changed',
  1,
  z.strictObject({
    id: uuid,
    /** e.g. "2025-2026" */
    code: schoolYearCode,
    startsOn: calendarDate,
    endsOn: calendarDate,
    terms: z.array(
      z.strictObject({
        code: z.string().min(1).max(20),
        name: z.string().min(1).max(100),
        startsOn: calendarDate,
        endsOn: calendarDate,
      }),
    ),
    revision: z.int().min(1),
  }),
);
export type SchoolYearChangedV1 = EventDataOf<typeof schoolYearChangedV1>;
