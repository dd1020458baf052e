/**
 * How a register compares names: Unicode NFC, case-insensitive (Vietnamese locale), surrounding
 * and repeated inner whitespace ignored. Diacritics count: "Nguyễn" and "Nguyen" are different
 * names (the population database holds the exact name; a school that drops the marks has a
 * mismatch to correct).
 */
export function comparableName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('vi');
}

export function sameName(a: string, b: string): boolean {
  return comparableName(a) === comparableName(b);
}

/** Masks a personal id for display: its last four digits at most. */
export function maskPersonalId(personalId: string): string {
  return `••••${personalId.slice(-4)}`;
}
