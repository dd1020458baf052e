import { z } from 'zod';
import { dataJsonSchema } from './contract';
import { dateTime, uuid } from './events/fields';
import { EventCatalog } from './catalog';
import { newEvent, UUID_PATTERN } from './envelope';

describe('the JSON Schema derived from a declaration', () => {
  it('is the plain JSON Schema the catalogue always used', () => {
    expect(
      dataJsonSchema(
        z.strictObject({
          id: uuid,
          at: dateTime,
          parentId: uuid.nullable(),
          note: z.string().max(5).nullable().describe('a note'),
          grade: z.literal([1, 6, 10]),
          revision: z.int().min(1),
          scores: z.record(z.string(), z.number().multipleOf(0.01)).optional(),
        }),
      ),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['id', 'at', 'parentId', 'note', 'grade', 'revision'],
      properties: {
        id: { type: 'string', pattern: UUID_PATTERN },
        at: { type: 'string', format: 'date-time' },
        parentId: { type: ['string', 'null'], pattern: UUID_PATTERN },
        note: { type: ['string', 'null'], maxLength: 5, description: 'a note' },
        grade: { type: 'integer', enum: [1, 6, 10] },
        revision: { type: 'integer', minimum: 1 },
        scores: { type: 'object', additionalProperties: { type: 'number', multipleOf: 0.01 } },
      },
    });
  });

  it('gives ajv the same wording for a nullable field as a type list', () => {
    const catalog = new EventCatalog()
      .addTopic({
        name: 't',
        description: 't',
        partitions: 1,
        compacted: false,
        keyOf: (e) => e.subjectId,
        keyDescription: 'k',
      })
      .addEvent({
        type: 'test.thing.done',
        version: 1,
        schema: dataJsonSchema(z.strictObject({ parentId: uuid.nullable(), at: dateTime })),
        topic: 't',
        description: 'd',
      });
    const result = catalog.validate(
      newEvent({
        type: 'test.thing.done',
        version: 1,
        source: 's',
        subjectId: 'x',
        data: { parentId: 7, at: '2025-01-01T07:00:00+07:00' },
      }),
    );
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '/data/parentId', message: 'must be string,null' }],
    });
  });

  it('accepts null for a nullable enum, and nothing outside it', () => {
    const schema = dataJsonSchema(
      z.strictObject({ gender: z.enum(['male', 'female']).nullable() }),
    );
    expect(schema.properties).toEqual({
      gender: { type: ['string', 'null'], enum: ['male', 'female', null] },
    });
    const catalog = new EventCatalog()
      .addTopic({
        name: 't',
        description: 't',
        partitions: 1,
        compacted: false,
        keyOf: (e) => e.subjectId,
        keyDescription: 'k',
      })
      .addEvent({ type: 'test.person.seen', version: 1, schema, topic: 't', description: 'd' });
    const check = (gender: unknown) =>
      catalog.validate(
        newEvent({
          type: 'test.person.seen',
          version: 1,
          source: 's',
          subjectId: 'x',
          data: { gender },
        }),
      ).ok;
    expect([check(null), check('female'), check('other')]).toEqual([true, true, false]);
  });
});
