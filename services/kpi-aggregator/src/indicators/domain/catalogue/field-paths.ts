/** Field paths of a source (`a.b[].c`, `envelope.x`) resolved in the event's JSON Schema. */
import { envelopeSchema } from '@qn/contracts';
import { Raw, Reporter } from './positions';

const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[\])?$/;

export interface FieldInfo {
  schema: Raw;
  /** The path up to and including its `[]`, or null when it does not expand an array. */
  expansion: string | null;
}

/** Whether the field's schema admits one of `types`. */
export function isType(f: FieldInfo, ...types: string[]): boolean {
  const t = f.schema.type;
  const list = Array.isArray(t) ? t : [t];
  return list.some((x) => types.includes(x as string));
}

/** Resolves a dotted field path (with `[]` array expansion) in a JSON Schema. */
export function resolveField(
  r: Reporter,
  dataSchema: Raw,
  path: string,
  what: string,
  at: string,
): FieldInfo | null {
  let schema: Raw = dataSchema;
  let parts = path.split('.');
  if (parts[0] === 'envelope') {
    schema = envelopeSchema as unknown as Raw;
    parts = parts.slice(1);
  }
  let expansion: string | null = null;
  const walked: string[] = [];
  if (parts.length === 0 || parts.some((p) => !FIELD_SEGMENT.test(p))) {
    r.at(
      at,
      `${what}: '${path}' is not a field path (names separated by '.', '[]' after an array)`,
    );
    return null;
  }
  for (const part of parts) {
    const isArray = part.endsWith('[]');
    const name = isArray ? part.slice(0, -2) : part;
    const props = schema.properties as Record<string, Raw> | undefined;
    const next = props?.[name];
    walked.push(part);
    if (!next) {
      const known = props ? Object.keys(props).join(', ') : 'none';
      r.at(at, `${what} has no field '${walked.join('.')}' (fields here: ${known})`);
      return null;
    }
    schema = next;
    if (isArray) {
      if (expansion) {
        r.at(at, `${what}: '${path}' expands two arrays; one per source`);
        return null;
      }
      if (!isArraySchema(schema)) {
        r.at(at, `${what}: '${walked.join('.')}' is not an array`);
        return null;
      }
      expansion = walked.join('.');
      schema = schema.items as Raw;
    } else if (schema.type === 'array') {
      r.at(
        at,
        `${what}: '${walked.join('.')}' is an array: write '${walked.join('.')}[]' to expand it`,
      );
      return null;
    }
  }
  return { schema, expansion };
}

const isArraySchema = (schema: Raw): boolean =>
  (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'))) &&
  !!schema.items;
