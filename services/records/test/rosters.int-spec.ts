import { randomUUID } from 'node:crypto';
import { EventEnvelope, EventTypes, newTypedEvent, Topics } from '@qn/contracts';
import { orgUnitChanged, waitFor } from '@qn/testing';
import { DataSource } from 'typeorm';
import { RosterGuardianDirectory } from '../src/shared/access/roster-directories';
import { LearnerRecordLocator } from '../src/shared/access/roster-locators';
import { RosterWorld, SCHOOL_YEAR } from './roster-world';

/**
 * The records service's roster projection against real Kafka, PostgreSQL and Redis, the service
 * as its own process: enrollment's events in (exactly once, in any order across the two topics,
 * the unreadable ones on the dead-letter topics with their reason), the class roster out under
 * its policy (the class's teachers, the school, the commune that manages it; nobody else).
 */
describe('records: the rosters projection and who reaches a class', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, otherCommune] = [id(), id(), id()];
  const [schoolA, schoolB, upperSecondary] = [id(), id(), id()];
  const [tMath, tLit, tHome, tNew] = [id(), id(), id(), id()];
  const [k1, k2, k3, kB, kHigh] = [id(), id(), id(), id(), id()];
  const [s1, s2, s3, s4, s5] = [id(), id(), id(), id(), id()];
  const mathK1 = w.assigned({
    classId: k1,
    schoolId: schoolA,
    staffId: tMath,
    subjectCode: 'TOAN',
  });
  const first: EventEnvelope[] = [];

  const roster = async (token: string, classId = k1) =>
    w.call('GET', `/classes/${classId}/roster`, token);
  const teacher = (sub: string, school = schoolA) => w.env.token('teacher', school, sub);
  const learnerYears = (studentId: string) =>
    w.rows(
      `SELECT school_id AS "schoolId", class_id AS "classId", status, reason,
              to_char(ended_on, 'YYYY-MM-DD') AS "endedOn", transferred_to_school_id AS "to"
         FROM roster_learner_year WHERE student_id = $1 ORDER BY enrolled_on NULLS LAST, school_id`,
      [studentId],
    );
  const processed = async (eventId: string) =>
    waitFor(
      async () =>
        (await w.rows(`SELECT 1 FROM processed_event WHERE event_id = $1`, [eventId])).length > 0,
      { timeoutMs: 30000, description: `event ${eventId} processed` },
    );

  /** The access ports as the policy guard calls them, on the service's tables. */
  const ports = () => {
    const ds = {
      query: async (sql: string, params: unknown[]) => (await w.db.query(sql, params)).rows,
    } as unknown as DataSource;
    return { records: new LearnerRecordLocator(ds), guardians: new RosterGuardianDirectory(ds) };
  };

  beforeAll(async () => {
    await w.start();
    await w.publish([
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(otherCommune, 'commune', province),
      orgUnitChanged(schoolA, 'school', commune, ['primary', 'lower-secondary']),
      orgUnitChanged(schoolB, 'school', otherCommune),
      orgUnitChanged(upperSecondary, 'school', commune, ['upper-secondary']),
    ]);
    first.push(
      w.staff({ staffId: tMath, schoolId: schoolA, accountSubject: 'gv-toan-a' }),
      w.staff({ staffId: tLit, schoolId: schoolA, accountSubject: 'gv-van-a' }),
      w.staff({ staffId: tHome, schoolId: schoolA, accountSubject: 'gv-cn-a' }),
      w.classFormed({ classId: k1, schoolId: schoolA, name: '6A1', homeroomTeacherId: tHome }),
      w.classFormed({ classId: k2, schoolId: schoolA, name: '6A2' }),
      mathK1,
      w.assigned({ classId: k2, schoolId: schoolA, staffId: tLit, subjectCode: 'NGU_VAN' }),
      w.enrolled({ studentId: s1, schoolId: schoolA, classId: k1, className: '6A1' }),
      w.enrolledV1({ studentId: s2, schoolId: schoolA }),
      w.placed({ studentId: s2, schoolId: schoolA, classId: k1 }),
      w.enrolled({ studentId: s3, schoolId: schoolA, classId: k2, className: '6A2' }),
      w.guardianLinked(s1, 'ph-s1'),
      w.graduationListed(schoolA, [s1, s2]),
    );
    await w.publish(first);
    // Each topic's partitions apply at their own pace: wait until all of it is in.
    await w.until(
      `SELECT 1 FROM org_unit_replica WHERE id = ANY($1::uuid[])`,
      [[province, commune, otherCommune, schoolA, schoolB, upperSecondary]],
      (r) => r.length === 6,
      'the org tree',
    );
    for (const e of first) await processed(e.id);
  }, 120000);
  afterAll(() => w.stop());

  it('projects classes, staff, assignments, learners (v1 and v2), guardians and graduation lists', async () => {
    await w.until(
      `SELECT student_id FROM roster_learner_year WHERE class_id = $1`,
      [k1],
      (r) => r.length === 2,
      'both learners of 6A1',
    );
    const dept = await w.env.token('province');
    const r = await roster(dept);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      classId: k1,
      schoolId: schoolA,
      schoolYear: SCHOOL_YEAR,
      grade: 6,
      name: '6A1',
      homeroomTeacherStaffId: tHome,
      formed: true,
      learners: [s1, s2].sort().map((studentId) => ({ studentId, status: 'enrolled' })),
      teachers: [{ staffId: tMath, subjects: ['TOAN'] }],
    });
    expect(await learnerYears(s2)).toEqual([
      {
        schoolId: schoolA,
        classId: k1,
        status: 'enrolled',
        reason: 'admission',
        endedOn: null,
        to: null,
      },
    ]);
    await w.until(
      `SELECT 1 FROM roster_guardian WHERE student_id = $1`,
      [s1],
      (g) => g.length === 1,
    );
    expect(await ports().guardians.isGuardian('ph-s1', s1)).toBe(true);
    expect(await ports().guardians.isGuardian('ph-s1', s2)).toBe(false);
    const [list] = await w.until<{ ids: string[] }>(
      `SELECT student_ids AS ids FROM roster_graduation_list WHERE school_id = $1`,
      [schoolA],
      (l) => l.length === 1,
    );
    expect([...list!.ids].sort()).toEqual([s1, s2].sort());
  });

  it('gives the class to its teachers, its school and the commune that manages it, and hides it from everyone else', async () => {
    await w.until(`SELECT 1 FROM roster_staff_member WHERE id = $1`, [tHome], (r) => r.length > 0);
    const status = async (token: Promise<string>, classId = k1) =>
      (await roster(await token, classId)).status;
    // The subject teacher and the homeroom teacher of 6A1, by their sign-in accounts.
    expect(await status(teacher('gv-toan-a'))).toBe(200);
    expect(await status(teacher('gv-cn-a'))).toBe(200);
    // A teacher of the same school who does not teach 6A1: the same 404 as a missing class.
    const other = await roster(await teacher('gv-van-a'));
    expect([other.status, other.body.title]).toEqual([404, 'Not Found']);
    expect(await status(teacher('gv-van-a'), k2)).toBe(200);
    expect(await status(w.env.token('principal', schoolA))).toBe(200);
    expect(await status(w.env.token('school-staff', schoolA))).toBe(200);
    expect(await status(w.env.token('principal', schoolB))).toBe(404);
    expect(await status(w.env.token('commune', commune))).toBe(200);
    expect(await status(w.env.token('commune', otherCommune))).toBe(404);
    // A family reaches no class list, not even its child's.
    expect(await status(w.env.token('family', null, 'ph-s1'))).toBe(403);
    // No such class: 404 for anyone, the department included.
    const missing = await roster(await w.env.token('province'), id());
    expect([missing.status, missing.body.type]).toEqual([
      404,
      expect.stringContaining('class-unknown'),
    ]);
  });

  it('keeps an upper-secondary class away from the commune it sits in (2025 two-tier rules)', async () => {
    await w.publish([
      w.classFormed({ classId: kHigh, schoolId: upperSecondary, grade: 10, name: '10A1' }),
    ]);
    const dept = await w.env.token('province');
    await waitFor(async () => (await roster(dept, kHigh)).status === 200, {
      description: 'the upper-secondary class',
    });
    expect((await roster(await w.env.token('commune', commune), kHigh)).status).toBe(404);
    expect((await roster(await w.env.token('principal', upperSecondary), kHigh)).status).toBe(200);
  });

  it('applies a redelivered event once, and a republished one (new id, same facts) changes nothing', async () => {
    const learners = `SELECT student_id, school_year, school_id, grade, class_id, status, reason, enrolled_on,
        ended_on, transferred_to_school_id FROM roster_learner_year ORDER BY student_id, school_id`;
    const before = {
      learners: await w.rows(learners),
      assignments: await w.rows(`SELECT * FROM roster_teaching_assignment ORDER BY class_id`),
      guardians: await w.rows(`SELECT * FROM roster_guardian ORDER BY student_id`),
      classes: await w.rows(`SELECT id, revision, homeroom_staff_id FROM roster_class ORDER BY id`),
    };
    const republished = [
      w.enrolled({ studentId: s1, schoolId: schoolA, classId: k1, className: '6A1' }),
      w.assigned({ ...mathK1.data }),
      w.guardianLinked(s1, 'ph-s1'),
    ];
    // Sentinels, each after the others on its partition (same key): once applied, all are.
    const sentinels = [
      w.guardianLinked(s1, 'ph2-s1'),
      w.assigned({ classId: k2, schoolId: schoolA, staffId: tLit, subjectCode: 'GDCD' }),
    ];
    await w.publish([...first, ...republished, ...sentinels]);
    for (const s of sentinels) await processed(s.id);
    const processedTwice = await w.rows(
      `SELECT event_id FROM processed_event WHERE event_id = ANY($1::uuid[]) GROUP BY event_id HAVING count(*) > 1`,
      [first.map((e) => e.id)],
    );
    expect(processedTwice).toEqual([]);
    expect(await w.rows(learners)).toEqual(before.learners);
    expect(
      await w.rows(
        `SELECT * FROM roster_teaching_assignment WHERE subject_code <> 'GDCD' ORDER BY class_id`,
      ),
    ).toEqual(before.assignments);
    expect(
      await w.rows(
        `SELECT * FROM roster_guardian WHERE guardian_subject <> 'ph2-s1' ORDER BY student_id`,
      ),
    ).toEqual(before.guardians);
    expect(
      await w.rows(`SELECT id, revision, homeroom_staff_id FROM roster_class ORDER BY id`),
    ).toEqual(before.classes);
  });

  it('takes an assignment and a placement before their class is formed, and its teacher before the staff record', async () => {
    const gvNew = () => teacher('gv-moi-a');
    // The assignment and the placement come first: a placeholder class of the school.
    await w.publish([
      w.assigned({ classId: k3, schoolId: schoolA, staffId: tNew, subjectCode: 'TIN_HOC' }),
      w.enrolled({ studentId: s4, schoolId: schoolA }),
      w.placed({ studentId: s4, schoolId: schoolA, classId: k3, grade: 7 }),
    ]);
    const dept = await w.env.token('province');
    const early = await waitFor(
      async () => {
        const r = await roster(dept, k3);
        return (
          r.status === 200 && r.body.learners.length === 1 && r.body.teachers.length === 1 && r.body
        );
      },
      { description: 'the placeholder class' },
    );
    expect(early).toMatchObject({ schoolId: schoolA, grade: 7, name: null, formed: false });
    // The teacher has no staff record here yet: no reach.
    expect((await roster(await gvNew(), k3)).status).toBe(404);
    const formedK3 = w.classFormed({ classId: k3, schoolId: schoolA, grade: 7, name: '7A3' });
    await w.publish([
      w.staff({ staffId: tNew, schoolId: schoolA, accountSubject: 'gv-moi-a', revision: 1 }),
      formedK3,
    ]);
    await processed(formedK3.id);
    expect((await roster(await gvNew(), k3)).status).toBe(200);
    const formed = await roster(dept, k3);
    expect(formed.body).toMatchObject({ grade: 7, name: '7A3', formed: true });
    expect(formed.body.learners).toEqual([{ studentId: s4, status: 'enrolled' }]);
    // Revision 3 (no longer at the school) before a late revision 2 (active): the newer stands.
    const gone = w.staff({
      staffId: tNew,
      schoolId: schoolA,
      accountSubject: 'gv-moi-a',
      active: false,
      revision: 3,
    });
    const stale = w.staff({
      staffId: tNew,
      schoolId: schoolA,
      accountSubject: 'gv-moi-a',
      revision: 2,
    });
    await w.publish([gone, stale]);
    await processed(stale.id);
    expect((await roster(await gvNew(), k3)).status).toBe(404);
    expect(
      await w.rows(`SELECT revision, active FROM roster_staff_member WHERE id = $1`, [tNew]),
    ).toEqual([{ revision: 3, active: false }]);
  });

  it('follows a transfer: the year ends at the old school and goes on at the receiving one', async () => {
    await w.publish([
      w.transferred({ studentId: s3, fromSchoolId: schoolA, toSchoolId: schoolB }),
      w.enrolled({
        studentId: s3,
        schoolId: schoolB,
        classId: kB,
        className: '6B1',
        reason: 'transfer',
        enrolledOn: '2025-12-01',
      }),
    ]);
    const rows = await w.until(
      `SELECT 1 FROM roster_learner_year WHERE student_id = $1 AND school_id = $2 AND class_id = $3`,
      [s3, schoolB, kB],
      (r) => r.length === 1,
    );
    expect(rows).toHaveLength(1);
    expect(await learnerYears(s3)).toEqual([
      {
        schoolId: schoolA,
        classId: k2,
        status: 'transferred-out',
        reason: 'roster',
        endedOn: '2025-12-01',
        to: schoolB,
      },
      {
        schoolId: schoolB,
        classId: kB,
        status: 'enrolled',
        reason: 'transfer',
        endedOn: null,
        to: null,
      },
    ]);
    // The learner's record reaches both schools and both classes, and the learner.
    const located = await ports().records.locate(s3);
    expect({
      ...located,
      orgUnitIds: [...located!.orgUnitIds].sort(),
      classIds: [...located!.classIds!].sort(),
    }).toEqual({
      orgUnitIds: [schoolA, schoolB].sort(),
      classIds: [k2, kB].sort(),
      learnerId: s3,
    });
    expect(await ports().records.locate(id())).toBeNull();
    // The old class still lists the learner, as moved away.
    const old = await roster(await w.env.token('principal', schoolA), k2);
    expect(old.body.learners).toEqual([{ studentId: s3, status: 'transferred-out' }]);
    // A departure and a closed year: how each year ends.
    const closed = w.yearClosed({ studentId: s1, schoolId: schoolA, outcome: 'promoted' });
    const left = w.left({ studentId: s2, schoolId: schoolA });
    await w.publish([closed, left]);
    await processed(closed.id);
    await processed(left.id);
    const statuses = await roster(await w.env.token('province'));
    expect(statuses.body.learners).toEqual(
      [
        { studentId: s1, status: 'promoted' },
        { studentId: s2, status: 'left' },
      ].sort((a, b) => a.studentId.localeCompare(b.studentId)),
    );
  });

  it('dead-letters what it cannot apply, with the reason, and goes on', async () => {
    const rostersDlq = await w.watchDeadLetters(Topics.enrollmentSchoolRosters);
    const studentsDlq = await w.watchDeadLetters(Topics.enrollmentStudents);
    // Not the contract: a subject code in lower case.
    const invalid = newTypedEvent(EventTypes.teachingAssigned, {
      source: 'enrollment',
      subjectId: k1,
      orgUnitId: schoolA,
      data: {
        classId: k1,
        schoolId: schoolA,
        schoolYear: SCHOOL_YEAR,
        subjectCode: 'toan',
        staffId: tLit,
        assignedAt: new Date().toISOString(),
      },
    });
    await w.publishRaw(Topics.enrollmentSchoolRosters, schoolA, JSON.stringify(invalid));
    await w.publishRaw(Topics.enrollmentStudents, s5, '{ not json');
    // Valid, but it places a learner of school B in a class of school A: refused by records.
    const mismatch = w.placed({ studentId: s5, schoolId: schoolB, classId: k1 });
    const after = w.enrolled({ studentId: s5, schoolId: schoolB });
    await w.publish([mismatch, after]);
    await waitFor(() => rostersDlq.some((d) => d.id === invalid.id), {
      timeoutMs: 30000,
      description: 'the invalid assignment on the DLQ',
    });
    await waitFor(() => studentsDlq.length >= 2, {
      timeoutMs: 30000,
      description: 'two dead letters of students',
    });
    expect(rostersDlq.find((d) => d.id === invalid.id)).toEqual({
      id: invalid.id,
      reason: expect.stringMatching(/^schema-invalid: .*\/data\/subjectCode/),
      group: `${w.env.prefix}records.school-rosters`,
    });
    expect(studentsDlq.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^malformed: /),
      `rejected: class-mismatch: class ${k1} is of school ${schoolA} in ${SCHOOL_YEAR}, not of ${schoolB} in ${SCHOOL_YEAR}`,
    ]);
    expect(studentsDlq[1]!.id).toBe(mismatch.id);
    // The refused event left nothing behind; the next event of the learner was applied.
    await processed(after.id);
    expect(await learnerYears(s5)).toEqual([
      {
        schoolId: schoolB,
        classId: null,
        status: 'enrolled',
        reason: 'roster',
        endedOn: null,
        to: null,
      },
    ]);
    // The refused assignment did not replace 6A1's mathematics teacher.
    const r = await roster(await w.env.token('province'));
    expect(r.body.teachers).toEqual([{ staffId: tMath, subjects: ['TOAN'] }]);
  });
});
