import { seededRandom } from '@qn/demo-kit';
import { demoFullName } from './demo-names';

/**
 * Synthetic applicants for the demo (pure, seeded): Vietnamese names, valid personal ids, birth
 * dates for the grade. Their 6-digit serials are below 100000: the demo rosters
 * (`demo-roster.ts`) number their people from 100000 up, so an applicant never shares an id with
 * a learner or teacher of a roster.
 */
export interface DemoApplicant {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
}

/** `count` applicants born in `birthYear` (2000-2099), registered in Quảng Ninh (022), unique ids. */
export function demoApplicants(count: number, birthYear: number, seed: number): DemoApplicant[] {
  const rnd = seededRandom(seed);
  const used = new Set<string>();
  const out: DemoApplicant[] = [];
  while (out.length < count) {
    const female = rnd() < 0.49;
    const serial = String(Math.floor(rnd() * 100_000)).padStart(6, '0');
    const personalId = `022${female ? 3 : 2}${String(birthYear % 100).padStart(2, '0')}${serial}`;
    if (used.has(personalId)) continue;
    used.add(personalId);
    const month = 1 + Math.floor(rnd() * 12);
    const day = 1 + Math.floor(rnd() * 28);
    out.push({
      personalId,
      fullName: demoFullName(rnd, female),
      dateOfBirth: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    });
  }
  return out;
}
