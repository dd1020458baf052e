import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { committedOpenApi } from '@qn/service-kit';

/**
 * Checks an answer against a schema of the committed OpenAPI document (docs/openapi/payments.json),
 * the one the web app's client is typed from. Stricter than the document: an object may hold no
 * property the document does not name, so a field added to an answer without its documentation
 * fails here.
 */
type Schema = Record<string, unknown>;

function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    // `example` is documentation only, not a keyword a validator knows.
    if (k !== 'example') out[k] = closed(v);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

const doc = JSON.parse(committedOpenApi('payments')) as { components: { schemas: Schema } };
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'payments', components: closed(doc.components) }, 'payments');

/** The validation errors of `value` against `#/components/schemas/<name>` (empty when it conforms). */
export function openApiProblems(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(`payments#/components/schemas/${name}`);
  if (!validate) return [`no schema ${name} in docs/openapi/payments.json`];
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
