import type { DiplomaKind } from '@qn/contracts';

const KIND_CODE: Record<DiplomaKind, string> = {
  'lower-secondary-diploma': 'THCS',
  'upper-secondary-diploma': 'THPT',
};

/** The graduation year of a school year: "2025-2026" → 2026. */
export function graduationYearOf(schoolYear: string): number {
  const m = /^(\d{4})-(\d{4})$/.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) throw new RangeError('not a school year');
  return Number(m[2]);
}

/**
 * The code of the register an authority keeps for a kind and year (sổ gốc cấp văn bằng), e.g.
 * "THPT-2026-QN" — one book per authority, kind and graduation year, as Circular 21/2019 keeps them.
 */
export function issuedRegisterCode(kind: DiplomaKind, year: number, authorityCode: string): string {
  return `${KIND_CODE[kind]}-${year}-${authorityCode}`;
}

/** Số vào sổ gốc as printed: the entry's number in its book over the book's code, e.g. "00012/THPT-2026-QN". */
export function entryNumberText(n: number, registerCode: string): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('entry numbers start at 1');
  return `${String(n).padStart(5, '0')}/${registerCode}`;
}

/**
 * Số hiệu văn bằng: unique per kind across the province, e.g. "QN-THPT-2026-000012". Paper
 * diplomas take it from the pre-numbered blank (phôi); a digital diploma takes the next one.
 */
export function serialNumberText(kind: DiplomaKind, year: number, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('serials start at 1');
  return `QN-${KIND_CODE[kind]}-${year}-${String(n).padStart(6, '0')}`;
}

/** Entries a status list holds: the Bitstring Status List minimum, 16 KiB. */
export const STATUS_SLOTS = 131072;
// Odd, so multiplying by it permutes 0..2^17-1.
const SPREAD = 92717;

/**
 * The status list index of the n-th credential of a list. Indexes are spread over the list rather
 * than handed out in order, so a credential's index says nothing about when or with whom it was
 * issued (the group privacy the specification asks for); a bijection, so never two alike.
 */
export function statusIndexOfSlot(slot: number): number {
  if (!Number.isInteger(slot) || slot < 0 || slot >= STATUS_SLOTS)
    throw new RangeError('no such slot');
  return (slot * SPREAD) % STATUS_SLOTS;
}
