import { InvalidInput } from '@qn/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `orgUnitId` query parameter: required, a UUID (lower-cased). */
export function orgUnitParam(id: string | undefined): string {
  if (!id || !UUID.test(id)) {
    const message = id ? 'must be a UUID' : 'is required';
    throw InvalidInput.of('orgUnitId', message);
  }
  return id.toLowerCase();
}
