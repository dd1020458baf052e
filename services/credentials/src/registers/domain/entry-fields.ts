/**
 * The fields of a register entry (Circular 21/2019/TT-BGDĐT, sổ gốc cấp văn bằng) as people write
 * them, checked and put in one canonical form. Pure: no framework, no I/O. Problems name the
 * field and what is wrong, never the value (names and dates of birth are personal data).
 */

/** Text in one form: Unicode NFC (Vietnamese typed on different keyboards), trimmed, single spaces. */
export function canonicalText(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A serial (số hiệu văn bằng) as printed on the blank: canonical text, upper case. */
export function canonicalSerial(raw: string): string {
  return canonicalText(raw).toUpperCase();
}

export type Gender = 'male' | 'female';

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldCheck<T> => ({ ok: true, value });
const bad = <T>(message: string): FieldCheck<T> => ({ ok: false, message });

/** Required text of at most `max` characters. */
export function requiredText(raw: string | undefined, max: number): FieldCheck<string> {
  const v = canonicalText(raw ?? '');
  if (v === '') return bad('is required');
  if ([...v].length > max) return bad(`must be at most ${max} characters`);
  return ok(v);
}

/** Optional text: blank is null. */
export function optionalText(raw: string | undefined, max: number): FieldCheck<string | null> {
  const v = canonicalText(raw ?? '');
  if (v === '') return ok(null);
  if ([...v].length > max) return bad(`must be at most ${max} characters`);
  return ok(v);
}

/** A serial, or null when the page is unreadable there (left blank for the review to find). */
export function optionalSerial(raw: string | undefined): FieldCheck<string | null> {
  const v = canonicalSerial(raw ?? '');
  if (v === '') return ok(null);
  if (v.length > 50) return bad('must be at most 50 characters');
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ./-]*$/u.test(v))
    return bad('must be letters, digits, spaces, "/", "." or "-"');
  return ok(v);
}

/** Giới tính as written in the book: Nam / Nữ (any case or keyboard; male/female too). Blank is null. */
export function optionalGender(raw: string | undefined): FieldCheck<Gender | null> {
  const v = foldAccents(canonicalText(raw ?? '')).toLowerCase();
  if (v === '') return ok(null);
  if (v === 'nam' || v === 'male') return ok('male');
  if (v === 'nu' || v === 'female') return ok('female');
  return bad('must be Nam or Nữ');
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day written dd/mm/yyyy (d/m/yyyy, with / . or -) or yyyy-mm-dd, as `YYYY-MM-DD`.
 * Blank is null. A day that does not exist (31/02) or lies outside `earliest`..`latest` is refused.
 */
export function optionalDate(
  raw: string | undefined,
  latest: string,
  earliest = '1900-01-01',
): FieldCheck<string | null> {
  const v = canonicalText(raw ?? '');
  if (v === '') return ok(null);
  let y: number, m: number, d: number;
  const dmy = DMY.exec(v);
  const ymd = YMD.exec(v);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else return bad('must be a date as dd/mm/yyyy or yyyy-mm-dd');
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return bad('is not a calendar day');
  const iso = date.toISOString().slice(0, 10);
  if (iso < earliest) return bad(`must not be before ${earliest}`);
  if (iso > latest) return bad('must not be in the future');
  return ok(iso);
}

/** Letters without their Vietnamese marks (đ → d), to match headings and Nam/Nữ loosely. */
export function foldAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
