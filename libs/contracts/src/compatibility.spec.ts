import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checkAgainstLock, compareSchemas, SchemaLock } from './compatibility';
import { dataJsonSchema, EventContract } from './contract';
import { applicationSubmittedV1, studentEnrolledV1 } from './events/enrollment';
import { orgUnitChangedV1 } from './events/registry';
import { platformCatalog } from './platform-catalog';
import { LOCK_PATH, ASYNCAPI_PATH, renderAsyncApi } from './cli/contracts';

const base = {
  type: 'object',
  required: ['id', 'amount'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    amount: { type: 'integer', minimum: 0 },
    channel: { type: 'string', enum: ['vietqr', 'cash'] },
  },
};
const clone = () => JSON.parse(JSON.stringify(base));

describe('schema compatibility', () => {
  it('finds no change between equal schemas', () => {
    expect(compareSchemas(base, clone())).toEqual([]);
  });

  it.each([
    [
      'a new required property',
      (s: typeof base) => {
        s.required.push('channel');
      },
      'backward',
    ],
    [
      'a removed property',
      (s: typeof base) => {
        delete (s.properties as Record<string, unknown>).channel;
      },
      'backward',
    ],
    [
      'a narrowed enum',
      (s: typeof base) => {
        s.properties.channel.enum = ['vietqr'];
      },
      'backward',
    ],
    [
      'a widened enum (old consumers reject the new value)',
      (s: typeof base) => {
        s.properties.channel.enum.push('momo');
      },
      'forward',
    ],
    [
      'a changed type',
      (s: typeof base) => {
        (s.properties.amount as Record<string, unknown>).type = 'string';
      },
      'backward',
    ],
    [
      'a raised minimum',
      (s: typeof base) => {
        s.properties.amount.minimum = 1000;
      },
      'backward',
    ],
    [
      'a new optional property on a closed object',
      (s: typeof base) => {
        (s.properties as Record<string, unknown>).note = { type: 'string' };
      },
      'forward',
    ],
  ])('flags %s', (_name, mutate, direction) => {
    const next = clone();
    mutate(next);
    const changes = compareSchemas(base, next);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.map((c) => c.direction)).toContain(direction);
  });

  it('allows an added optional property on an open object and a relaxed bound', () => {
    const open = { ...clone(), additionalProperties: true };
    const next = JSON.parse(JSON.stringify(open));
    next.properties.note = {};
    expect(compareSchemas(open, next)).toEqual([]);
  });

  it('reports removed published versions and unrecorded new ones', () => {
    const events = [{ type: 'x.y.z', version: 2, topic: 't', schema: base }];
    const lock: SchemaLock = { 'x.y.z@1': { topic: 't', schema: base } };
    expect(checkAgainstLock(events, lock)).toEqual({
      breaking: ['x.y.z@1: published event version was removed'],
      unrecorded: ['x.y.z@2'],
    });
  });
});

describe('the platform catalogue against its published schemas', () => {
  const lock = JSON.parse(readFileSync(LOCK_PATH, 'utf8')) as SchemaLock;

  it('changes no published event version incompatibly, and records every version', () => {
    const result = checkAgainstLock(platformCatalog.allEvents(), lock);
    // A failure here means a schema of an existing version changed in a way that breaks
    // producers or consumers: publish it as a new version instead. New versions are recorded
    // with `npm run contracts:lock`.
    expect(result).toEqual({ breaking: [], unrecorded: [] });
  });

  it('keeps docs/asyncapi.yaml generated from the current catalogue', () => {
    // Regenerate with `npm run contracts:asyncapi` after changing a contract.
    expect(readFileSync(ASYNCAPI_PATH, 'utf8')).toBe(renderAsyncApi());
  });
});

describe('a changed declaration against the published lock', () => {
  const lock = JSON.parse(readFileSync(LOCK_PATH, 'utf8')) as SchemaLock;
  /** The catalogue's events with one declaration's data replaced. */
  const withData = (c: EventContract, data: z.ZodType) =>
    platformCatalog
      .allEvents()
      .map((e) =>
        e.type === c.type && e.version === c.version ? { ...e, schema: dataJsonSchema(data) } : e,
      );
  const enrolled = studentEnrolledV1.data;
  const submitted = applicationSubmittedV1.data;

  it.each<[string, EventContract, z.ZodType, 'backward' | 'forward']>([
    ['a removed required field', studentEnrolledV1, enrolled.omit({ className: true }), 'backward'],
    [
      'a narrowed enum',
      studentEnrolledV1,
      enrolled.extend({ reason: z.enum(['admission']) }),
      'backward',
    ],
    [
      'a widened enum',
      studentEnrolledV1,
      enrolled.extend({ reason: z.enum(['admission', 'transfer', 'return']) }),
      'forward',
    ],
    [
      'a field no longer nullable',
      studentEnrolledV1,
      enrolled.extend({ className: z.string().max(50) }),
      'backward',
    ],
    [
      'an optional field made required',
      applicationSubmittedV1,
      submitted.extend({ bonusPoints: z.number().min(0).max(10).multipleOf(0.01) }),
      'backward',
    ],
    [
      'a lowered bound on the values of a record',
      applicationSubmittedV1,
      submitted.extend({ examScores: z.record(z.string(), z.number().min(0).max(9)).optional() }),
      'backward',
    ],
    [
      'a new optional field (the closed object of old consumers refuses it)',
      orgUnitChangedV1,
      orgUnitChangedV1.data.extend({ shortName: z.string().optional() }),
      'forward',
    ],
    [
      'a union the check does not analyse',
      studentEnrolledV1,
      enrolled.extend({ className: z.union([z.string().max(50), z.int()]).nullable() }),
      'backward',
    ],
  ])('refuses %s', (_name, contract, data, direction) => {
    const { breaking } = checkAgainstLock(withData(contract, data), lock);
    expect(breaking.length).toBeGreaterThan(0);
    for (const b of breaking) expect(b.startsWith(`${contract.type}@1 `)).toBe(true);
    expect(breaking.some((b) => b.includes(`(${direction})`))).toBe(true);
  });

  it('accepts what changes only the form: descriptions, key order', () => {
    const described = enrolled.extend({ grade: z.int().min(1).max(12).describe('lớp') });
    const reordered = z.strictObject({
      enrolledOn: enrolled.shape.enrolledOn,
      ...enrolled.omit({ enrolledOn: true }).shape,
    });
    for (const data of [described.describe('A learner joined a school.'), reordered])
      expect(checkAgainstLock(withData(studentEnrolledV1, data), lock)).toEqual({
        breaking: [],
        unrecorded: [],
      });
  });
});
