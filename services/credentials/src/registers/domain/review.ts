/**
 * A reviewer compares a digitised historic entry with its scanned page and confirms it or
 * disputes it, correcting what was read wrongly. Pure: checks the request and works out which
 * fields change and their previous values (kept in the change history, never in a log).
 */
import type { FieldError } from '@qn/contracts';
import { EntryDraft, entryFieldChecks, RegisterContext } from './entry-rows';

export type ReviewState = 'confirmed' | 'disputed';

/** Fields a review may correct: everything read from the page but the page itself. */
export const CORRECTABLE_FIELDS = [
  'entryNumber',
  'serialNumber',
  'holderFullName',
  'holderDateOfBirth',
  'holderPlaceOfBirth',
  'holderGender',
  'holderEthnicity',
  'schoolName',
  'classification',
  'decisionReference',
  'issuedOn',
] as const satisfies ReadonlyArray<keyof EntryDraft>;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export type StoredEntryFields = Pick<EntryDraft, CorrectableField>;

export interface ReviewRequest {
  state: string;
  note?: string | null;
  /** New values as read (null or '' clears an optional field). */
  corrections?: Record<string, string | null>;
}

export type ReviewDecision =
  | {
      ok: true;
      state: ReviewState;
      note: string | null;
      /** The fields that change, with their new values. */
      changes: Partial<StoredEntryFields>;
      /** The same fields' previous values. */
      previous: Partial<StoredEntryFields>;
    }
  | { ok: false; problems: FieldError[] };

export function decideReview(
  request: ReviewRequest,
  current: StoredEntryFields,
  ctx: RegisterContext,
): ReviewDecision {
  const problems: FieldError[] = [];
  if (request.state !== 'confirmed' && request.state !== 'disputed')
    problems.push({ field: 'state', message: 'must be confirmed or disputed' });
  const noteRaw = request.note ?? '';
  const note = noteRaw.normalize('NFC').trim() || null;
  if (note && [...note].length > 1000)
    problems.push({ field: 'note', message: 'must be at most 1000 characters' });
  // A dispute is a claim about the page: the next reader needs to know what is wrong.
  if (request.state === 'disputed' && !note)
    problems.push({ field: 'note', message: 'is required when disputing an entry' });
  const changes: Partial<Record<CorrectableField, unknown>> = {};
  const previous: Partial<Record<CorrectableField, unknown>> = {};
  for (const [field, raw] of Object.entries(request.corrections ?? {})) {
    if (!(CORRECTABLE_FIELDS as readonly string[]).includes(field)) {
      problems.push({ field: `corrections.${field}`, message: 'is not a correctable field' });
      continue;
    }
    const f = field as CorrectableField;
    if (raw !== null && typeof raw !== 'string') {
      problems.push({ field: `corrections.${f}`, message: 'must be a string or null' });
      continue;
    }
    // schoolName falls back to the register's school when blank: a correction must name one.
    const check = entryFieldChecks[f](raw ?? '', { ...ctx, schoolName: null });
    if (!check.ok) {
      problems.push({ field: `corrections.${f}`, message: check.message });
      continue;
    }
    if (check.value !== current[f]) {
      changes[f] = check.value;
      previous[f] = current[f];
    }
  }
  const after = { ...current, ...changes } as StoredEntryFields;
  if (after.holderDateOfBirth && after.issuedOn && after.holderDateOfBirth >= after.issuedOn)
    problems.push({
      field: 'corrections.holderDateOfBirth',
      message: 'must be before the date of issue',
    });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    state: request.state as ReviewState,
    note,
    changes: changes as Partial<StoredEntryFields>,
    previous: previous as Partial<StoredEntryFields>,
  };
}
