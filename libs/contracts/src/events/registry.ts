/**
 * Master data events of the registry service. Both topics are compacted and keyed by the
 * entity id: the latest event per key is the entity's full current state, so any service can
 * rebuild its copy from Kafka alone.
 */
import { UUID_PATTERN } from '../envelope';

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
export interface OrgUnitVersion {
  validFrom: string; // date, YYYY-MM-DD
  validTo: string | null;
  parentId: string | null;
  name: string;
}

export interface SchoolAttributes {
  levels: SchoolLevel[];
  segment: AreaSegment;
  ownership: Ownership;
}

/** `registry.org-unit.changed` v1: the full current state of one organisation unit. */
export interface OrgUnitChangedV1 {
  id: string;
  code: string;
  kind: OrgUnitKind;
  name: string;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  /** Units that took over when this one ended (e.g. a district's communes after 2025). */
  successorIds: string[];
  /** Full timeline of names and parents, oldest first; the last entry is the current one. */
  versions: OrgUnitVersion[];
  school: SchoolAttributes | null;
  /** Increases by one with every change; consumers ignore a revision older than theirs. */
  revision: number;
}

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const versionSchema = {
  type: 'object',
  required: ['validFrom', 'validTo', 'parentId', 'name'],
  additionalProperties: false,
  properties: {
    validFrom: { type: 'string', pattern: DATE },
    validTo: { type: ['string', 'null'], pattern: DATE },
    parentId: { type: ['string', 'null'], pattern: UUID_PATTERN },
    name: { type: 'string', minLength: 1, maxLength: 200 },
  },
};

export const orgUnitChangedV1Schema = {
  type: 'object',
  required: [
    'id',
    'code',
    'kind',
    'name',
    'parentId',
    'validFrom',
    'validTo',
    'successorIds',
    'versions',
    'school',
    'revision',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: UUID_PATTERN },
    code: { type: 'string', minLength: 1, maxLength: 50 },
    kind: { type: 'string', enum: [...ORG_UNIT_KINDS] },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    parentId: { type: ['string', 'null'], pattern: UUID_PATTERN },
    validFrom: { type: 'string', pattern: DATE },
    validTo: { type: ['string', 'null'], pattern: DATE },
    successorIds: { type: 'array', items: { type: 'string', pattern: UUID_PATTERN } },
    versions: { type: 'array', minItems: 1, items: versionSchema },
    school: {
      type: ['object', 'null'],
      required: ['levels', 'segment', 'ownership'],
      additionalProperties: false,
      properties: {
        levels: { type: 'array', minItems: 1, items: { type: 'string', enum: [...SCHOOL_LEVELS] } },
        segment: { type: 'string', enum: [...AREA_SEGMENTS] },
        ownership: { type: 'string', enum: [...OWNERSHIPS] },
      },
    },
    revision: { type: 'integer', minimum: 1 },
  },
};

/** `registry.school-year.changed` v1: a school year (năm học) and its terms (học kỳ). */
export interface SchoolYearChangedV1 {
  id: string;
  /** e.g. "2025-2026" */
  code: string;
  startsOn: string;
  endsOn: string;
  terms: Array<{ code: string; name: string; startsOn: string; endsOn: string }>;
  revision: number;
}

export const schoolYearChangedV1Schema = {
  type: 'object',
  required: ['id', 'code', 'startsOn', 'endsOn', 'terms', 'revision'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: UUID_PATTERN },
    code: { type: 'string', pattern: '^\\d{4}-\\d{4}$' },
    startsOn: { type: 'string', pattern: DATE },
    endsOn: { type: 'string', pattern: DATE },
    terms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name', 'startsOn', 'endsOn'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', minLength: 1, maxLength: 20 },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          startsOn: { type: 'string', pattern: DATE },
          endsOn: { type: 'string', pattern: DATE },
        },
      },
    },
    revision: { type: 'integer', minimum: 1 },
  },
};
