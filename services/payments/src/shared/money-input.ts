import type { FieldError } from '@qn/contracts';
import { MoneyError, parseVnd, Vnd } from './money';

export type { FieldError };

/**
 * An amount of VND from an API body: a string of digits ("1250000", "1.250.000") or an integer
 * JSON number. Fractions, negatives, zero (unless allowed) and anything else are refused with
 * the field named; floats never reach the ledger.
 */
export function amountField(
  value: unknown,
  field: string,
  errors: FieldError[],
  options: { allowZero?: boolean } = {},
): Vnd | undefined {
  if (value === undefined || value === null || value === '') {
    errors.push({ field, message: 'is required (integer VND as a string, e.g. "1250000")' });
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    errors.push({ field, message: 'must be integer VND as a string of digits' });
    return undefined;
  }
  try {
    return parseVnd(value, { allowZero: options.allowZero ?? false });
  } catch (err) {
    if (err instanceof MoneyError) {
      const message = {
        fraction: 'must be a whole number of đồng (VND has no fractional part)',
        negative: 'must not be negative',
        zero: 'must be positive',
        format: 'must be integer VND as a string of digits, e.g. "1250000"',
      }[err.code];
      errors.push({ field, message });
      return undefined;
    }
    throw err;
  }
}

/** `currency`, when given, must be VND: no conversion ever happens here. */
export function currencyField(value: unknown, field: string, errors: FieldError[]): void {
  if (value !== undefined && value !== 'VND')
    errors.push({ field, message: 'must be VND (the only currency accepted)' });
}

/** Free text from people: NFC-normalised (Vietnamese diacritics compare equal), trimmed. */
export function textField(
  value: unknown,
  field: string,
  errors: FieldError[],
  max = 500,
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: 'is required' });
    return undefined;
  }
  const text = value.normalize('NFC').trim();
  if (text.length > max) {
    errors.push({ field, message: `must be at most ${max} characters` });
    return undefined;
  }
  return text;
}
