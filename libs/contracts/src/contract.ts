import { z } from 'zod';

/**
 * One version of one event type, declared once: the zod schema of its `data`. The TypeScript
 * type (`EventDataOf`), the JSON Schema ajv validates with (`dataJsonSchema`), the lock and the
 * AsyncAPI document are all derived from it.
 */
export interface EventContract<
  T extends string = string,
  V extends number = number,
  S extends z.ZodType = z.ZodType,
> {
  readonly type: T;
  readonly version: V;
  readonly data: S;
}

/** An event type and version, as `EventTypes` holds them (what a producer stamps, a handler matches). */
export interface EventRef<T extends string = string, V extends number = number> {
  readonly type: T;
  readonly version: V;
}

/** Declares `type` v`version` with the zod schema of its data (use `z.strictObject`: no unknown fields). */
export function defineEvent<const T extends string, const V extends number, S extends z.ZodType>(
  type: T,
  version: V,
  data: S,
): EventContract<T, V, S> {
  return { type, version, data };
}

/** The payload type of a declared event version. */
export type EventDataOf<C extends EventContract> = z.output<C['data']>;

/** Just the type and version of a contract: the runtime value stays `{ type, version }`. */
export const refOf = <C extends EventContract>(c: C): EventRef<C['type'], C['version']> => ({
  type: c.type,
  version: c.version,
});

/** The contracts among a module's exports (an `events/*.ts` file), at the type level. */
export type ContractsIn<M> = Extract<M[keyof M], EventContract>;

/** The contracts among a module's exports, at run time. */
export const contractsIn = (module: Record<string, unknown>): EventContract[] =>
  Object.values(module).filter(
    (v): v is EventContract =>
      typeof v === 'object' &&
      v !== null &&
      typeof (v as EventContract).type === 'string' &&
      typeof (v as EventContract).version === 'number' &&
      (v as EventContract).data instanceof z.ZodType,
  );

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrites zod's output into the plain JSON Schema the catalogue always used, so ajv reports
 * the same issues (paths and messages) as before:
 * - `anyOf: [X, {type: 'null'}]` (zod's `.nullable()`) becomes X with `type: [X.type, 'null']`
 *   (ajv words an `anyOf` failure differently), and with null in X's `enum` if it has one;
 * - `z.int()`'s implicit ±2^53 bounds go (they were never part of a contract);
 * - a set of integer literals is `type: 'integer'`, not `number`;
 * - a record's `propertyNames: {type: 'string'}` goes (every JSON key is a string).
 */
function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain);
  if (!isObj(node)) return node;
  const s: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, plain(v)]));
  const any = s.anyOf as Json[] | undefined;
  if (Array.isArray(any) && any.length === 2) {
    const nullAt = any.findIndex((b) => Object.keys(b).length === 1 && b.type === 'null');
    const other = any[1 - nullAt];
    if (nullAt >= 0 && typeof other.type === 'string') {
      const { anyOf: _a, ...outer } = s;
      // A nullable enum lists null too: `enum` alone would refuse it whatever `type` allows.
      const values = Array.isArray(other.enum) ? { enum: [...other.enum, null] } : {};
      return { ...other, ...values, ...outer, type: [other.type, 'null'] };
    }
  }
  if (s.type === 'integer') {
    if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
    if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
  }
  if (s.type === 'number' && Array.isArray(s.enum) && s.enum.every((v) => Number.isInteger(v)))
    s.type = 'integer';
  if (isObj(s.propertyNames) && Object.keys(s.propertyNames).length === 1)
    if (s.propertyNames.type === 'string') delete s.propertyNames;
  return s;
}

/**
 * The JSON Schema (draft-07, ajv's default dialect, without `$schema`) of a contract's data.
 * `z.iso.datetime()` is `format: date-time` alone: ajv-formats checks it, as before (zod adds
 * its own regex, which says the same less readably).
 */
export function dataJsonSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    target: 'draft-07',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; format?: string };
      if (def.type === 'string' && def.format === 'datetime' && jsonSchema.format === 'date-time')
        delete jsonSchema.pattern;
    },
  }) as Json;
  const { $schema: _s, ...rest } = json;
  return plain(rest) as Json;
}

/** What the catalogue registers of a contract: its type, version and derived JSON Schema. */
export const fromContract = (c: EventContract) => ({
  type: c.type,
  version: c.version,
  schema: dataJsonSchema(c.data),
});
