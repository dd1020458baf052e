/** Step 2 of the catalogue checks: the structure of the document, by JSON Schema (ajv). */
import Ajv, { ErrorObject } from 'ajv';
import { PERIOD_TYPES } from '../periods';
import { escapePointer } from './positions';

const ELEMENT_NAME = '^[a-z][a-z0-9_]*(\\.[a-z0-9_-]+)*$';
const PERIOD_CODE = { type: 'string', minLength: 4, maxLength: 20 };
const text = (max = 300) => ({ type: 'string', minLength: 1, maxLength: max });

const sourceSchema = {
  type: 'object',
  required: ['event', 'version', 'how', 'org_unit', 'period', 'segment'],
  additionalProperties: false,
  properties: {
    event: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' },
    version: { type: 'integer', minimum: 1 },
    how: { enum: ['count', 'sum', 'distinct', 'latest', 'ends'] },
    field: text(200),
    org_unit: text(200),
    period: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        code: text(200),
        type: { enum: [...PERIOD_TYPES] },
        timestamp: text(200),
        date: text(200),
        valid_from: text(200),
        valid_to: text(200),
      },
    },
    segment: { type: ['string', 'object'] },
    where: { type: 'object' },
    note: text(1000),
  },
};

export const catalogueSchema = {
  type: 'object',
  required: ['version', 'segments', 'data_elements', 'indicators'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    segments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z][a-z-]*$' },
      additionalProperties: {
        type: 'object',
        required: ['name_vi', 'name_en'],
        additionalProperties: false,
        properties: { name_vi: text(), name_en: text() },
      },
    },
    data_elements: {
      type: 'object',
      propertyNames: { pattern: ELEMENT_NAME, maxLength: 100 },
      additionalProperties: {
        type: 'object',
        required: ['name_vi', 'name_en', 'value_type'],
        additionalProperties: false,
        properties: {
          name_vi: text(),
          name_en: text(),
          value_type: { enum: ['count', 'amount-vnd'] },
          source: { const: 'pending' },
          sources: { type: 'array', minItems: 1, items: sourceSchema },
          note: text(1000),
        },
      },
    },
    indicators: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: [
          'code',
          'name_vi',
          'name_en',
          'unit',
          'numerator',
          'denominator',
          'aggregation',
          'period_type',
          'segments',
          'source_events',
          'targets',
          'source_doc',
        ],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$', maxLength: 50 },
          name_vi: text(),
          name_en: text(),
          description: text(2000),
          unit: { enum: ['percent', 'ratio'] },
          numerator: text(4000),
          denominator: text(4000),
          aggregation: { const: 'ratio-of-sums' },
          period_type: { enum: [...PERIOD_TYPES] },
          segments: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } },
          missing: { enum: ['zero', 'null'] },
          progress: { enum: ['rate', 'cumulative', 'at-end'] },
          deadline: {
            type: 'object',
            required: ['after', 'days'],
            additionalProperties: false,
            properties: {
              after: { enum: ['period-start', 'period-end'] },
              days: { type: 'integer', minimum: 0, maximum: 366 },
            },
          },
          mostly_completed_at: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
          source_events: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string' },
          },
          targets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['value'],
              additionalProperties: false,
              properties: {
                period: PERIOD_CODE,
                from: PERIOD_CODE,
                segment: { type: 'string' },
                value: { type: 'number', minimum: 0 },
                due: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
                note: text(1000),
              },
            },
          },
          baselines: {
            type: 'array',
            items: {
              type: 'object',
              required: ['period', 'value'],
              additionalProperties: false,
              properties: {
                period: PERIOD_CODE,
                segment: { type: 'string' },
                value: { type: 'number', minimum: 0 },
                source_doc: text(),
                note: text(1000),
              },
            },
          },
          source_doc: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['file', 'ref'],
              additionalProperties: false,
              properties: {
                file: { type: 'string', pattern: '^\\d{3}_[0-9a-f]+\\.txt$' },
                ref: text(),
                text: text(2000),
              },
            },
          },
        },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | null = null;
export function structureValidator(): ReturnType<Ajv['compile']> {
  if (!compiled)
    compiled = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
      catalogueSchema,
    );
  return compiled;
}

/** One ajv error as a message at the node (or key) it concerns; null for errors that add nothing. */
export function ajvMessage(e: ErrorObject): { path: string; message: string; key: boolean } | null {
  const where = e.instancePath || '/';
  // An error inside propertyNames names the offending key; the summary error adds nothing.
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined)
    return {
      path: `${e.instancePath}/${escapePointer(propertyName)}`,
      message: `invalid name '${propertyName}' at ${where}: ${e.message}`,
      key: true,
    };
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      return {
        path: `${e.instancePath}/${escapePointer(prop)}`,
        message: `unknown property '${prop}' at ${where}`,
        key: true,
      };
    }
    case 'required':
      return {
        path: e.instancePath,
        message: `missing required property '${(e.params as { missingProperty: string }).missingProperty}' at ${where}`,
        key: false,
      };
    case 'propertyNames':
      return null;
    case 'type': {
      const isPeriod = /\/(period|from)$/.test(e.instancePath);
      return {
        path: e.instancePath,
        message: `${where} ${e.message}${isPeriod ? " (quote period codes, e.g. '2025')" : ''}`,
        key: false,
      };
    }
    case 'enum':
      return {
        path: e.instancePath,
        message: `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
        key: false,
      };
    case 'const':
      return {
        path: e.instancePath,
        message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`,
        key: false,
      };
    default:
      return { path: e.instancePath, message: `${where} ${e.message}`, key: false };
  }
}
