/**
 * A province-shaped set of secondary classes for the records bench: lower-secondary schools
 * (grades 6-9) and upper-secondary ones (10-12, two in three schools are THCS as in Quảng Ninh),
 * classes of 35-40 learners, 12 subjects a class (THCS: the 12 compulsory subjects; THPT: the 8
 * compulsory ones and 4 electives), one teacher per subject in each school, a homeroom teacher
 * per class and a principal per school. Deterministic: the same options give the same shape.
 */
import { randomUUID } from 'node:crypto';
import {
  LOWER_SECONDARY_RULES,
  regularAssessmentsPerTerm,
  UPPER_SECONDARY_RULES,
  type Grade,
  type SecondarySubjectRule,
} from '../../services/records/src/gradebook/domain/level-rules';

export interface ProvinceShape {
  /** Learners wanted (classes are added until reached). */
  learners: number;
  /** Classes per grade in a school. */
  classesPerGrade: number;
  /** Smallest and largest class. */
  classSize: [number, number];
}

export interface BenchSchool {
  id: string;
  wardId: string;
  name: string;
  level: 'lower-secondary' | 'upper-secondary';
  principal: { staffId: string; account: string };
  /** Subject code → the school's teacher of it. */
  teachers: Map<string, { staffId: string; account: string }>;
}

export interface BenchClass {
  id: string;
  school: BenchSchool;
  grade: Grade;
  name: string;
  homeroom: { staffId: string; account: string };
  subjects: Array<{ rule: SecondarySubjectRule; regular: number }>;
  learners: string[];
}

export interface Province {
  provinceId: string;
  wards: string[];
  schools: BenchSchool[];
  classes: BenchClass[];
  learners: number;
}

const THPT_ELECTIVES = ['LY', 'HOA', 'SINH', 'TIN'];

/** The 12 subjects a class of the grade studies, with the regular assessments a term each. */
export function subjectsOf(grade: Grade): Array<{ rule: SecondarySubjectRule; regular: number }> {
  const rules = grade <= 9 ? LOWER_SECONDARY_RULES : UPPER_SECONDARY_RULES;
  const picked = rules.subjects.filter(
    (s) =>
      s.category === 'compulsory' || (s.category === 'elective' && THPT_ELECTIVES.includes(s.code)),
  );
  if (picked.length !== 12) throw new Error(`records bench: ${picked.length} subjects in ${grade}`);
  return picked.map((rule) => ({ rule, regular: regularAssessmentsPerTerm(rule, grade)! }));
}

export function buildProvince(o: ProvinceShape): Province {
  const provinceId = randomUUID();
  const wards: string[] = [];
  const schools: BenchSchool[] = [];
  const classes: BenchClass[] = [];
  let learners = 0;
  for (let k = 0; learners < o.learners; k++) {
    if (k % 4 === 0) wards.push(randomUUID());
    const level = k % 3 === 1 ? 'upper-secondary' : 'lower-secondary';
    const id = randomUUID();
    const code = String(k + 1).padStart(4, '0');
    const grades: Grade[] = level === 'lower-secondary' ? [6, 7, 8, 9] : [10, 11, 12];
    const school: BenchSchool = {
      id,
      wardId: wards[wards.length - 1],
      name: `Trường ${level === 'lower-secondary' ? 'THCS' : 'THPT'} Bench ${code}`,
      level,
      principal: { staffId: randomUUID(), account: `ht-${code}` },
      teachers: new Map(),
    };
    schools.push(school);
    // Round-robin over the grades, so that a small run still has several grades.
    for (let c = 0; c < o.classesPerGrade * grades.length && learners < o.learners; c++) {
      const grade = grades[c % grades.length];
      const subjects = subjectsOf(grade);
      for (const s of subjects)
        if (!school.teachers.has(s.rule.code))
          school.teachers.set(s.rule.code, {
            staffId: randomUUID(),
            account: `gv-${code}-${s.rule.code.toLowerCase()}`,
          });
      const [min, max] = o.classSize;
      const size = min + (classes.length % (max - min + 1));
      const name = `${grade}A${Math.floor(c / grades.length) + 1}`;
      classes.push({
        id: randomUUID(),
        school,
        grade,
        name,
        homeroom: { staffId: randomUUID(), account: `gvcn-${code}-${name.toLowerCase()}` },
        subjects,
        learners: Array.from({ length: size }, () => randomUUID()),
      });
      learners += size;
    }
  }
  return { provinceId, wards, schools, classes, learners };
}
