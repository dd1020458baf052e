import { createHash } from 'node:crypto';
import type { SectorChange } from '../../shared/ports/sector-database';

/** A reporting term: `<school year>-<term code>`, e.g. "2026-2027-HK1". */
export interface Term {
  code: string;
  schoolYear: string;
  termCode: string;
}

/** Parses a term, or explains why it is not one. */
export function parseTerm(term: string): Term | { error: string } {
  const m = /^(\d{4})-(\d{4})-([A-Z0-9]{1,10})$/.exec(term);
  if (!m) return { error: 'must be <school year>-<term code>, e.g. 2026-2027-HK1' };
  if (Number(m[2]) !== Number(m[1]) + 1)
    return { error: 'the school year must span two consecutive years' };
  return { code: term, schoolYear: `${m[1]}-${m[2]}`, termCode: m[3]! };
}

/** student_year statuses of a learner no longer at the school that year. */
const GONE = new Set(['left', 'transferred-out']);

/** A learner's place at the school in the school year, as the tables hold it now. */
export interface LearnerState {
  /** student_year.status */
  yearStatus: string;
  grade: number;
  className: string | null;
  enrolledOn: string;
  endedOn: string | null;
  fullName: string;
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
}

/** What a sync remembers of a learner's state as sent (sector_sync_item.fingerprint, JSON). */
export interface Fingerprint {
  /** in: at the school; out: gone */
  s: 'in' | 'out';
  g: number;
  c: string | null;
  e: string;
  /** A short hash of the name, date of birth and gender (not the values). */
  h: string;
}

export function fingerprintOf(l: LearnerState): Fingerprint {
  const out = GONE.has(l.yearStatus);
  return {
    s: out ? 'out' : 'in',
    g: l.grade,
    c: l.className,
    e: out ? (l.endedOn ?? l.enrolledOn) : l.enrolledOn,
    h: createHash('sha256')
      .update(`${l.fullName.normalize('NFC')}|${l.dateOfBirth}|${l.gender ?? ''}`)
      .digest('hex')
      .slice(0, 16),
  };
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.s === b.s && a.g === b.g && a.c === b.c && a.e === b.e && a.h === b.h;
}

/**
 * The change to send for a learner, given the state last accepted by the sector database (null:
 * never accepted), or null when there is nothing to send:
 * - at the school, never accepted or accepted as gone → `enrolled`;
 * - at the school, only the class differs from what was accepted → `placed`;
 * - at the school, anything else differs (grade, date, name…) → `enrolled` again (full state);
 * - gone, and accepted as at the school → `left`; gone and never accepted → nothing (the
 *   sector database never held the learner here).
 */
export function changeFor(now: Fingerprint, accepted: Fingerprint | null): SectorChange | null {
  if (accepted && sameFingerprint(now, accepted)) return null;
  if (now.s === 'out') return accepted && accepted.s === 'in' ? 'left' : null;
  if (!accepted || accepted.s === 'out') return 'enrolled';
  const onlyClass = now.g === accepted.g && now.e === accepted.e && now.h === accepted.h;
  return onlyClass ? 'placed' : 'enrolled';
}
