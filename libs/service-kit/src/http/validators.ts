import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A finite number with at most `places` decimals. Replaces class-validator's
 * `@IsNumber({ maxDecimalPlaces })`, which throws (→ 500) on numbers JavaScript prints in
 * exponent notation, such as 1e-7 or 5e-324 (it splits the printed number on '.').
 */
export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (value: unknown) => isDecimal(value, places),
        defaultMessage: () => `$property must be a number with at most ${places} decimals`,
      },
    },
    options,
  );
}

export function isDecimal(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  // Exact for the magnitudes money and scores have; anything finer is not equal to its rounding.
  return Number(value.toFixed(places)) === value;
}
