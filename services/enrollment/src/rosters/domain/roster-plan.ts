/**
 * What a roster file changes, decided against what the platform already holds. Pure: the
 * service loads the snapshot (this school's classes and staff, and every person of the file
 * already in the register), this function returns the changes or the problems. A file with any
 * problem changes nothing; a file that matches what is held changes nothing either.
 */
import type { StaffRole } from '@qn/contracts';
import { foldHeader, LearnerRow, RosterRows, RowProblem, StaffRow } from './roster-file';

export interface RosterContext {
  schoolId: string;
  schoolYear: string;
  /** Grades the school teaches (from its levels in the registry). */
  grades: number[];
}

export interface HeldClass {
  id: string;
  name: string;
  grade: number;
  homeroomTeacherId: string | null;
  revision: number;
}

export interface HeldPerson {
  id: string;
  fullName: string;
  dateOfBirth: string;
}

export interface HeldStaff extends HeldPerson {
  schoolId: string;
  role: StaffRole;
  account: string | null;
  revision: number;
}

export interface HeldLearner extends HeldPerson {
  /** The learner's open place in this school year, if any. */
  thisYear: { schoolId: string; grade: number; classId: string | null } | null;
}

export interface RosterSnapshot {
  /** This school's classes of the year, by folded name. */
  classes: Map<string, HeldClass>;
  /** Active staff anywhere, by the keyed hash of the personal id (those of the file and this school's). */
  staff: Map<string, HeldStaff>;
  /** Learners of the register, by the keyed hash of the personal id (those of the file). */
  learners: Map<string, HeldLearner>;
  /** Active staff id holding each account (those of the file). */
  accounts: Map<string, string>;
  /** This school's teaching assignments of the year: `${classId}|${subject}` → staff id. */
  assignments: Map<string, string>;
}

export interface ClassChange {
  id: string;
  name: string;
  grade: number;
  homeroomTeacherId: string | null;
  revision: number;
  isNew: boolean;
}

export interface StaffChange {
  id: string;
  row: StaffRow;
  revision: number;
  isNew: boolean;
}

export interface LearnerChange {
  id: string;
  row: LearnerRow;
  classId: string | null;
  /** new: not in the register; enrol: in it, not yet on a roster this year; update: here, grade or class changed. */
  kind: 'new' | 'enrol' | 'update';
  classChanged: boolean;
}

export interface AssignmentChange {
  classId: string;
  subjectCode: string;
  staffId: string;
}

export interface RosterPlan {
  classes: ClassChange[];
  staff: StaffChange[];
  learners: LearnerChange[];
  assignments: AssignmentChange[];
  guardians: Array<{ studentId: string; account: string }>;
  /** Rows that matched what is held exactly. */
  unchanged: { classes: number; staff: number; learners: number; assignments: number };
}

const TEACHING_ROLES: StaffRole[] = ['teacher', 'principal', 'vice-principal'];

export function planRoster(
  rows: RosterRows,
  ctx: RosterContext,
  held: RosterSnapshot,
  newId: () => string,
  /** The keyed hash the snapshot is keyed by (personal ids are never compared in clear). */
  hashOf: (personalId: string) => string,
): { plan: RosterPlan; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const plan: RosterPlan = {
    classes: [],
    staff: [],
    learners: [],
    assignments: [],
    guardians: [],
    unchanged: { classes: 0, staff: 0, learners: 0, assignments: 0 },
  };

  // Staff first: classes and assignments name teachers.
  const staffIds = new Map<string, { id: string; role: StaffRole }>();
  for (const [hash, s] of held.staff)
    if (s.schoolId === ctx.schoolId) staffIds.set(hash, { id: s.id, role: s.role });
  for (const r of rows.staff) {
    const p = (field: string, code: string, message: string) =>
      problems.push({ sheet: 'staff', row: r.row, field, code, message });
    const hash = hashOf(r.personalId);
    const known = held.staff.get(hash);
    if (known && known.schoolId !== ctx.schoolId) {
      p(
        'personal_id',
        'staff-at-another-school',
        'this person works at another school on the platform',
      );
      continue;
    }
    if (known && !samePerson(known, r)) {
      p('full_name', 'differs-from-register', registerMessage);
      continue;
    }
    const id = known?.id ?? newId();
    if (r.account) {
      const holder = held.accounts.get(r.account);
      if (holder && holder !== id) {
        p('account', 'account-in-use', 'the account belongs to another staff member');
        continue;
      }
    }
    staffIds.set(hash, { id, role: r.role });
    if (known && known.role === r.role && known.account === r.account) {
      plan.unchanged.staff++;
      continue;
    }
    plan.staff.push({ id, row: r, revision: known ? known.revision + 1 : 1, isNew: !known });
  }

  const teacherOf = (
    pid: string,
    sheet: 'classes' | 'assignments',
    row: number,
    field: string,
  ): string | undefined => {
    const hash = hashOf(pid);
    const here = staffIds.get(hash);
    const p = (code: string, message: string) =>
      problems.push({ sheet, row, field, code, message });
    if (!here) {
      const elsewhere = held.staff.get(hash);
      if (elsewhere && elsewhere.schoolId !== ctx.schoolId)
        p('teacher-of-another-school', 'the teacher works at another school');
      else p('unknown-teacher', 'no staff member of this school has this personal id');
      return undefined;
    }
    if (!TEACHING_ROLES.includes(here.role)) {
      p('not-a-teacher', 'the staff member does not teach (role staff)');
      return undefined;
    }
    return here.id;
  };

  const classes = new Map<string, { id: string; grade: number }>();
  for (const [k, c] of held.classes) classes.set(k, { id: c.id, grade: c.grade });
  for (const r of rows.classes) {
    const p = (field: string, code: string, message: string) =>
      problems.push({ sheet: 'classes', row: r.row, field, code, message });
    if (!ctx.grades.includes(r.grade)) {
      p('grade', 'grade-not-taught', `the school does not teach grade ${r.grade}`);
      continue;
    }
    const homeroom = r.homeroomTeacherPersonalId
      ? teacherOf(r.homeroomTeacherPersonalId, 'classes', r.row, 'homeroom_teacher_personal_id')
      : null;
    if (homeroom === undefined) continue;
    const known = held.classes.get(foldHeader(r.name));
    if (known && known.grade !== r.grade) {
      p('grade', 'class-grade-changed', `the class is grade ${known.grade} this school year`);
      continue;
    }
    const id = known?.id ?? newId();
    classes.set(foldHeader(r.name), { id, grade: r.grade });
    // A file without a homeroom column keeps the homeroom teacher held.
    const homeroomTeacherId = homeroom ?? known?.homeroomTeacherId ?? null;
    if (known && known.homeroomTeacherId === homeroomTeacherId) {
      plan.unchanged.classes++;
      continue;
    }
    plan.classes.push({
      id,
      name: known?.name ?? r.name,
      grade: r.grade,
      homeroomTeacherId,
      revision: known ? known.revision + 1 : 1,
      isNew: !known,
    });
  }

  for (const r of rows.learners) {
    const p = (field: string, code: string, message: string) =>
      problems.push({ sheet: 'learners', row: r.row, field, code, message });
    if (!ctx.grades.includes(r.grade)) {
      p('grade', 'grade-not-taught', `the school does not teach grade ${r.grade}`);
      continue;
    }
    let classId: string | null = null;
    if (r.className) {
      const c = classes.get(foldHeader(r.className));
      if (!c) {
        p('class', 'unknown-class', 'no class of this name at the school this school year');
        continue;
      }
      if (c.grade !== r.grade) {
        p('class', 'class-grade', `the class is grade ${c.grade}, the learner grade ${r.grade}`);
        continue;
      }
      classId = c.id;
    }
    const known = held.learners.get(hashOf(r.personalId));
    if (known?.thisYear && known.thisYear.schoolId !== ctx.schoolId) {
      p(
        'personal_id',
        'enrolled-elsewhere',
        'the learner is on the roster of another school this school year',
      );
      continue;
    }
    if (known && !samePerson(known, r)) {
      p('full_name', 'differs-from-register', registerMessage);
      continue;
    }
    const id = known?.id ?? newId();
    if (r.guardianAccount) plan.guardians.push({ studentId: id, account: r.guardianAccount });
    const year = known?.thisYear;
    if (year && year.grade === r.grade && year.classId === classId) {
      plan.unchanged.learners++;
      continue;
    }
    plan.learners.push({
      id,
      row: r,
      classId,
      kind: !known ? 'new' : year ? 'update' : 'enrol',
      classChanged: classId !== null && classId !== (year?.classId ?? null),
    });
  }

  for (const r of rows.assignments) {
    const c = classes.get(foldHeader(r.className));
    if (!c) {
      problems.push({
        sheet: 'assignments',
        row: r.row,
        field: 'class',
        code: 'unknown-class',
        message: 'no class of this name at the school this school year',
      });
      continue;
    }
    const staffId = teacherOf(r.teacherPersonalId, 'assignments', r.row, 'teacher_personal_id');
    if (!staffId) continue;
    if (held.assignments.get(`${c.id}|${r.subjectCode}`) === staffId) {
      plan.unchanged.assignments++;
      continue;
    }
    plan.assignments.push({ classId: c.id, subjectCode: r.subjectCode, staffId });
  }
  return { plan, problems };
}

const registerMessage =
  'the name or date of birth differs from the register for this personal id; correct the file or the register first';

function samePerson(held: HeldPerson, row: { fullName: string; dateOfBirth: string }): boolean {
  return (
    held.dateOfBirth === row.dateOfBirth &&
    held.fullName.normalize('NFC').toLocaleLowerCase('vi') === row.fullName.toLocaleLowerCase('vi')
  );
}

/** Grades a school teaches, from its levels (mầm non teaches none of 1-12). */
export function gradesOfLevels(levels: string[]): number[] {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const grades = new Set<number>();
  for (const level of levels) {
    if (level === 'primary') range(1, 5).forEach((g) => grades.add(g));
    if (level === 'lower-secondary') range(6, 9).forEach((g) => grades.add(g));
    if (level === 'upper-secondary') range(10, 12).forEach((g) => grades.add(g));
    // GDTX centres teach the lower- and upper-secondary programmes (bổ túc).
    if (level === 'continuing') range(6, 12).forEach((g) => grades.add(g));
  }
  return [...grades].sort((a, b) => a - b);
}
