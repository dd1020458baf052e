import type { CorrectableField } from '@qn/contracts';

export interface HolderFacts {
  fullName: string;
  dateOfBirth: string | null;
  placeOfBirth: string | null;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  classification: string | null;
}

export type Correction =
  | {
      ok: true;
      /** The fields the decision really changes, in a fixed order. */
      fields: CorrectableField[];
      next: Partial<HolderFacts>;
      /** Their values before, for the entry's change history. */
      previous: Partial<HolderFacts>;
    }
  | { ok: false; errors: Array<{ field: string; message: string }> };

const ORDER: CorrectableField[] = [
  'fullName',
  'dateOfBirth',
  'placeOfBirth',
  'gender',
  'ethnicity',
  'classification',
];

function isCalendarDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * What a correction decision changes on an entry: text NFC-normalised and trimmed (a decomposed
 * "ễ" typed on another keyboard is the same name, not a correction), a real date of birth in the
 * past, and only the fields whose value really differs. Nothing changing is an error: a new
 * version that says the same would only confuse verifiers. Errors name fields, never values.
 */
export function correctionOf(
  current: HolderFacts,
  changes: Partial<HolderFacts>,
  today: string,
): Correction {
  const errors: Array<{ field: string; message: string }> = [];
  const next: Partial<HolderFacts> = {};
  const previous: Partial<HolderFacts> = {};
  const fields: CorrectableField[] = [];
  for (const field of ORDER) {
    if (!(field in changes) || changes[field] === undefined) continue;
    let value = changes[field] as string | null;
    if (typeof value === 'string') value = value.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (field === 'fullName' && !value) {
      errors.push({ field: 'changes.fullName', message: 'must not be empty' });
      continue;
    }
    if (field === 'dateOfBirth') {
      if (!value || !isCalendarDay(value) || value >= today) {
        errors.push({ field: 'changes.dateOfBirth', message: 'must be a past calendar day' });
        continue;
      }
    }
    if (value === (current[field] ?? null)) continue;
    (next as Record<string, unknown>)[field] = value;
    (previous as Record<string, unknown>)[field] = current[field];
    fields.push(field);
  }
  if (errors.length) return { ok: false, errors };
  if (fields.length === 0)
    return { ok: false, errors: [{ field: 'changes', message: 'changes nothing on the entry' }] };
  return { ok: true, fields, next, previous };
}
