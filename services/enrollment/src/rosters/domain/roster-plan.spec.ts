import { readRosterSheets } from './roster-file';
import { gradesOfLevels, planRoster, RosterContext, RosterSnapshot } from './roster-plan';

const SCHOOL = 'school-a';
const OTHER = 'school-b';
const ctx: RosterContext = {
  schoolId: SCHOOL,
  schoolYear: '2025-2026',
  grades: gradesOfLevels(['primary']),
};
const BOY = '022215000123';
const GIRL = '022315000456';
const TEACHER = '022085001111';
// The keyed hash stands in as a visible prefix: the plan never compares ids in clear.
const hashOf = (pid: string) => `h(${pid})`;

const empty = (): RosterSnapshot => ({
  classes: new Map(),
  staff: new Map(),
  learners: new Map(),
  accounts: new Map(),
  assignments: new Map(),
});

/** The file's teacher as the register holds them, at a school. */
const heldTeacher = (id: string, schoolId: string) => ({
  id,
  schoolId,
  fullName: 'Lê Văn Cường',
  dateOfBirth: '1985-02-01',
  role: 'teacher' as const,
  account: null,
  revision: 1,
});

let n = 0;
const newId = () => `id-${++n}`;

const file = () =>
  readRosterSheets({
    staff: [
      ['personal_id', 'full_name', 'date_of_birth', 'gender', 'role'],
      [TEACHER, 'Lê Văn Cường', '01/02/1985', 'Nam', 'Giáo viên'],
    ],
    classes: [
      ['class', 'grade', 'homeroom_teacher_personal_id'],
      ['5A', '5', TEACHER],
    ],
    learners: [
      [
        'personal_id',
        'full_name',
        'date_of_birth',
        'gender',
        'ethnicity',
        'grade',
        'class',
        'guardian_account',
      ],
      [BOY, 'Nguyễn Văn An', '05/03/2015', 'Nam', 'Kinh', '5', '5A', 'ph.an'],
      [GIRL, 'Trần Thị Bình', '30/11/2015', 'Nữ', 'Tày', '5', '5A', ''],
    ],
    assignments: [
      ['class', 'subject', 'teacher_personal_id'],
      ['5A', 'TOAN', TEACHER],
    ],
  }).rows;

describe('roster plan', () => {
  beforeEach(() => (n = 0));

  it('creates everything a first import brings, linking classes, teachers and guardians', () => {
    const { plan, problems } = planRoster(file(), ctx, empty(), newId, hashOf);
    expect(problems).toEqual([]);
    const teacher = plan.staff[0];
    expect(teacher).toMatchObject({ isNew: true, revision: 1 });
    expect(plan.classes).toEqual([
      {
        id: expect.any(String),
        name: '5A',
        grade: 5,
        homeroomTeacherId: teacher.id,
        revision: 1,
        isNew: true,
      },
    ]);
    const classId = plan.classes[0].id;
    expect(plan.learners.map((l) => [l.kind, l.classId, l.classChanged])).toEqual([
      ['new', classId, true],
      ['new', classId, true],
    ]);
    expect(plan.assignments).toEqual([{ classId, subjectCode: 'TOAN', staffId: teacher.id }]);
    expect(plan.guardians).toEqual([{ studentId: plan.learners[0].id, account: 'ph.an' }]);
  });

  it('changes nothing when the file matches what is held', () => {
    const held = empty();
    held.staff.set(hashOf(TEACHER), heldTeacher('t1', SCHOOL));
    held.classes.set('5a', {
      id: 'c1',
      name: '5A',
      grade: 5,
      homeroomTeacherId: 't1',
      revision: 1,
    });
    held.learners.set(hashOf(BOY), {
      id: 's1',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2015-03-05',
      thisYear: { schoolId: SCHOOL, grade: 5, classId: 'c1' },
    });
    held.learners.set(hashOf(GIRL), {
      id: 's2',
      fullName: 'TRẦN THỊ BÌNH',
      dateOfBirth: '2015-11-30',
      thisYear: { schoolId: SCHOOL, grade: 5, classId: 'c1' },
    });
    held.assignments.set('c1|TOAN', 't1');
    const { plan, problems } = planRoster(file(), ctx, held, newId, hashOf);
    expect(problems).toEqual([]);
    expect(plan.staff).toEqual([]);
    expect(plan.classes).toEqual([]);
    expect(plan.learners).toEqual([]);
    expect(plan.assignments).toEqual([]);
    expect(plan.unchanged).toEqual({ classes: 1, staff: 1, learners: 2, assignments: 1 });
    // Guardian links are offered again; the repository records only new ones.
    expect(plan.guardians).toEqual([{ studentId: 's1', account: 'ph.an' }]);
  });

  it('matches a learner admitted through the platform by personal id: enrolled, never duplicated', () => {
    const held = empty();
    held.learners.set(hashOf(BOY), {
      id: 'admitted',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2015-03-05',
      thisYear: null,
    });
    const { plan } = planRoster(file(), ctx, held, newId, hashOf);
    expect(plan.learners.find((l) => l.row.personalId === BOY)).toMatchObject({
      id: 'admitted',
      kind: 'enrol',
    });
  });

  it('refuses a learner on another school roster this year, a teacher of another school, unknown classes', () => {
    const held = empty();
    held.learners.set(hashOf(BOY), {
      id: 's1',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2015-03-05',
      thisYear: { schoolId: OTHER, grade: 5, classId: null },
    });
    held.staff.set(hashOf(TEACHER), heldTeacher('t9', OTHER));
    const rows = file();
    rows.learners[0].className = null;
    rows.learners[1].className = '5B';
    const { problems } = planRoster(rows, ctx, held, newId, hashOf);
    expect(problems.map((p) => `${p.sheet}:${p.row}:${p.code}`)).toEqual([
      'staff:2:staff-at-another-school',
      'classes:2:teacher-of-another-school',
      'learners:2:enrolled-elsewhere',
      'learners:3:unknown-class',
      'assignments:2:unknown-class',
    ]);
  });

  it('refuses grades the school does not teach, a class of another grade, and register mismatches', () => {
    const held = empty();
    held.learners.set(hashOf(GIRL), {
      id: 's2',
      fullName: 'Trần Thị Bích',
      dateOfBirth: '2015-11-30',
      thisYear: null,
    });
    const rows = file();
    rows.learners[0].grade = 4; // class 5A is grade 5
    const { problems } = planRoster(
      rows,
      { ...ctx, grades: gradesOfLevels(['primary']) },
      held,
      newId,
      hashOf,
    );
    expect(problems.map((p) => `${p.row}:${p.code}`)).toEqual([
      '2:class-grade',
      '3:differs-from-register',
    ]);
    const secondary = planRoster(
      file(),
      { ...ctx, grades: gradesOfLevels(['lower-secondary']) },
      empty(),
      newId,
      hashOf,
    );
    expect(secondary.problems.map((p) => `${p.sheet}:${p.code}`)).toEqual([
      'classes:grade-not-taught',
      'learners:grade-not-taught',
      'learners:grade-not-taught',
      'assignments:unknown-class',
    ]);
  });

  it('moves a learner to another class of the school as a placement, and replaces an assignment', () => {
    const held = empty();
    held.staff.set(hashOf(TEACHER), heldTeacher('t1', SCHOOL));
    held.classes.set('5a', {
      id: 'c1',
      name: '5A',
      grade: 5,
      homeroomTeacherId: null,
      revision: 1,
    });
    held.learners.set(hashOf(BOY), {
      id: 's1',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2015-03-05',
      thisYear: { schoolId: SCHOOL, grade: 5, classId: null },
    });
    held.assignments.set('c1|TOAN', 't-old');
    const { plan, problems } = planRoster(file(), ctx, held, newId, hashOf);
    expect(problems).toEqual([]);
    expect(plan.classes).toEqual([
      expect.objectContaining({ id: 'c1', homeroomTeacherId: 't1', revision: 2, isNew: false }),
    ]);
    expect(plan.learners[0]).toMatchObject({
      id: 's1',
      kind: 'update',
      classId: 'c1',
      classChanged: true,
    });
    expect(plan.assignments).toEqual([{ classId: 'c1', subjectCode: 'TOAN', staffId: 't1' }]);
  });

  it('knows which grades each level teaches', () => {
    expect(gradesOfLevels(['preschool'])).toEqual([]);
    expect(gradesOfLevels(['primary', 'lower-secondary'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(gradesOfLevels(['continuing'])).toEqual([6, 7, 8, 9, 10, 11, 12]);
  });
});
