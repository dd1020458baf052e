/**
 * A graduating cohort for the credentials bench: a province, its wards (communes) and schools of
 * about `schoolSize` graduates each. Three schools in four are upper secondary (their diplomas
 * are approved by the department, signed with its one key, entered in its one register); the
 * fourth is lower secondary (approved by its ward's people's committee, with the ward's key).
 * Every learner is eligible. Deterministic in shape: the same options give the same cohort.
 */
import { randomUUID } from 'node:crypto';

export type Level = 'lower-secondary' | 'upper-secondary';

export interface CohortShape {
  /** Graduates wanted (schools are added until reached). */
  graduates: number;
  /** Graduates of a school (the last school takes what is left). */
  schoolSize: number;
}

export interface BenchWard {
  id: string;
  name: string;
}

export interface BenchSchool {
  id: string;
  ward: BenchWard;
  name: string;
  level: Level;
  principal: string;
  learners: string[];
}

export interface Cohort {
  provinceId: string;
  wards: BenchWard[];
  schools: BenchSchool[];
  graduates: number;
}

export function buildCohort(o: CohortShape): Cohort {
  const provinceId = randomUUID();
  const wards: BenchWard[] = [];
  const schools: BenchSchool[] = [];
  let graduates = 0;
  for (let k = 0; graduates < o.graduates; k++) {
    // Two schools a ward: a ward's committee then approves at most one lower-secondary list.
    if (k % 2 === 0) wards.push({ id: randomUUID(), name: `Phường Bench ${wards.length + 1}` });
    const level: Level = k % 4 === 3 ? 'lower-secondary' : 'upper-secondary';
    const code = String(k + 1).padStart(4, '0');
    // ±4 % around the size, so that lists differ a little as real ones do.
    const size = Math.min(
      o.graduates - graduates,
      Math.max(1, o.schoolSize + Math.round(o.schoolSize * 0.04 * Math.sin(k))),
    );
    schools.push({
      id: randomUUID(),
      ward: wards[wards.length - 1],
      name: `Trường ${level === 'lower-secondary' ? 'THCS' : 'THPT'} Bench ${code}`,
      level,
      principal: `ht-${code}`,
      learners: Array.from({ length: size }, () => randomUUID()),
    });
    graduates += size;
  }
  return { provinceId, wards, schools, graduates };
}
