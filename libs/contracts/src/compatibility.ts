/**
 * Schema compatibility within one event version. Producers and consumers upgrade at different
 * times, so a change to the schema of an existing (type, version) must keep both directions:
 * - backward: the new schema still accepts every event the old one accepted;
 * - forward: the old schema (still in running consumers) accepts every event the new one allows.
 * Anything else needs a new version. The check is structural and conservative: it flags every
 * change that could narrow what a side accepts, for the JSON Schema subset the catalogue uses
 * (what `dataJsonSchema` derives from the zod declarations). Form does not matter (key order,
 * `$schema`, descriptions); any other keyword it does not analyse counts as breaking if it changed.
 */
type Schema = Record<string, unknown>;

export interface SchemaChange {
  path: string;
  direction: 'backward' | 'forward';
  message: string;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
const EXACT = ['pattern', 'format', 'const', 'multipleOf'];
/** Analysed below, or documentation only. */
const UNDERSTOOD = new Set([
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...EXACT,
  'type',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'items',
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
]);

const typesOf = (s: Schema): string[] | undefined =>
  s.type === undefined ? undefined : ([] as string[]).concat(s.type as string | string[]);
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
/** JSON with object keys sorted: the order keys were written in is form, not meaning. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    isObj(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Places where `to` rejects a value that `from` accepts. */
function narrowing(from: Schema, to: Schema, path: string, out: string[]): void {
  const fromTypes = typesOf(from);
  const toTypes = typesOf(to);
  if (toTypes) {
    if (!fromTypes) out.push(`${path}: type restricted to ${toTypes.join('|')}`);
    else {
      const lost = fromTypes.filter(
        (t) => !toTypes.includes(t) && !(t === 'integer' && toTypes.includes('number')),
      );
      if (lost.length) out.push(`${path}: type ${lost.join('|')} no longer allowed`);
    }
  }
  if (Array.isArray(to.enum)) {
    if (!Array.isArray(from.enum)) out.push(`${path}: enum added`);
    else {
      const lost = from.enum.filter((v) => !(to.enum as unknown[]).some((w) => same(v, w)));
      if (lost.length) out.push(`${path}: enum values ${JSON.stringify(lost)} no longer allowed`);
    }
  }
  for (const k of LOWER_BOUNDS) {
    if (to[k] !== undefined && (from[k] === undefined || (to[k] as number) > (from[k] as number)))
      out.push(`${path}: ${k} raised to ${to[k]}`);
  }
  for (const k of UPPER_BOUNDS) {
    if (to[k] !== undefined && (from[k] === undefined || (to[k] as number) < (from[k] as number)))
      out.push(`${path}: ${k} lowered to ${to[k]}`);
  }
  for (const k of EXACT) {
    if (to[k] !== undefined && !same(from[k], to[k]))
      out.push(`${path}: ${k} changed to ${JSON.stringify(to[k])}`);
  }
  const fromReq = (from.required as string[] | undefined) ?? [];
  for (const r of (to.required as string[] | undefined) ?? []) {
    if (!fromReq.includes(r)) out.push(`${path}: property '${r}' became required`);
  }
  const fromProps = (from.properties as Record<string, Schema> | undefined) ?? {};
  const toProps = (to.properties as Record<string, Schema> | undefined) ?? {};
  const fromClosed = from.additionalProperties === false;
  const toClosed = to.additionalProperties === false;
  if (toClosed && !fromClosed) out.push(`${path}: additional properties no longer allowed`);
  for (const [name, fromProp] of Object.entries(fromProps)) {
    if (toProps[name]) narrowing(fromProp, toProps[name], `${path}/${name}`, out);
    else if (toClosed) out.push(`${path}/${name}: property removed`);
  }
  for (const [name, toProp] of Object.entries(toProps)) {
    if (fromProps[name]) continue;
    // `from` accepted anything under this name (or nothing, if closed: then nothing to lose).
    if (!fromClosed && Object.keys(toProp).length > 0)
      out.push(`${path}/${name}: new constraints on a property that was free`);
  }
  // Values of properties not listed (a record such as exam scores by subject).
  if (isObj(to.additionalProperties) && !fromClosed) {
    if (isObj(from.additionalProperties))
      narrowing(from.additionalProperties, to.additionalProperties, `${path}/*`, out);
    else if (Object.keys(to.additionalProperties).length > 0)
      out.push(`${path}/*: new constraints on additional properties`);
  }
  // anyOf, propertyNames, uniqueItems…: not analysed, so any change is taken as narrowing.
  for (const k of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (!UNDERSTOOD.has(k) && !same(from[k], to[k])) out.push(`${path}: ${k} changed`);
  }
  if (isObj(to.items)) {
    if (!isObj(from.items)) out.push(`${path}/items: item schema added`);
    else narrowing(from.items, to.items, `${path}/items`, out);
  } else if (to.items !== undefined && !same(from.items, to.items)) {
    out.push(`${path}/items: changed`); // a tuple: not analysed
  }
}

/** Breaking differences between two schemas of the same (type, version); empty when compatible. */
export function compareSchemas(previous: Schema, next: Schema): SchemaChange[] {
  const backward: string[] = [];
  const forward: string[] = [];
  narrowing(previous, next, '', backward);
  narrowing(next, previous, '', forward);
  return [
    ...backward.map((m) => ({ direction: 'backward' as const, path: m.split(':')[0], message: m })),
    ...forward.map((m) => ({ direction: 'forward' as const, path: m.split(':')[0], message: m })),
  ];
}

export interface SchemaLockEntry {
  topic: string;
  schema: Schema;
}
export type SchemaLock = Record<string, SchemaLockEntry>;

export interface LockCheck {
  /** Published versions whose schema changed incompatibly, or that disappeared. */
  breaking: string[];
  /** Versions in the catalogue that are not recorded in the lock yet. */
  unrecorded: string[];
}

/** Compares the catalogue's events with the recorded (published) schemas. */
export function checkAgainstLock(
  events: Array<{ type: string; version: number; topic: string; schema: Schema }>,
  lock: SchemaLock,
): LockCheck {
  const current = new Map(events.map((e) => [`${e.type}@${e.version}`, e]));
  const breaking: string[] = [];
  for (const [id, recorded] of Object.entries(lock)) {
    const now = current.get(id);
    if (!now) {
      breaking.push(`${id}: published event version was removed`);
      continue;
    }
    if (now.topic !== recorded.topic)
      breaking.push(`${id}: topic changed from ${recorded.topic} to ${now.topic}`);
    for (const c of compareSchemas(recorded.schema, now.schema))
      breaking.push(`${id} (${c.direction}) ${c.message}`);
  }
  const unrecorded = [...current.keys()].filter((id) => !(id in lock));
  return { breaking, unrecorded };
}
