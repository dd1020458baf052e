import {
  applyEnrolled,
  applyLeft,
  applyPlaced,
  applyTransfer,
  applyYearClosed,
  LearnerYear,
} from './learner-years';

const key = { studentId: 's', schoolYear: '2025-2026', schoolId: 'A' };
const enrolled = (o: Partial<Parameters<typeof applyEnrolled>[1]> = {}) => ({
  ...key,
  grade: 6,
  classId: null,
  reason: 'admission',
  enrolledOn: '2025-09-05',
  ...o,
});

describe('a learner school years', () => {
  it('enrols, keeps the class a later enrolment does not name, and a repeat changes nothing', () => {
    const first = applyEnrolled(undefined, enrolled({ classId: 'c1' }));
    expect(first).toEqual({
      ...key,
      grade: 6,
      classId: 'c1',
      status: 'enrolled',
      reason: 'admission',
      enrolledOn: '2025-09-05',
      endedOn: null,
      transferredToSchoolId: null,
    });
    expect(applyEnrolled(first, enrolled())).toEqual(first);
    expect(applyEnrolled(first, enrolled({ classId: 'c1' }))).toEqual(first);
  });

  it('places in a class before or after the enrolment alike', () => {
    const placedFirst = applyPlaced(undefined, { ...key, grade: 6, classId: 'c2' });
    const thenEnrolled = applyEnrolled(placedFirst, enrolled());
    const other = applyPlaced(applyEnrolled(undefined, enrolled()), {
      ...key,
      grade: 6,
      classId: 'c2',
    });
    expect(thenEnrolled).toEqual(other);
    expect(other.classId).toBe('c2');
  });

  it('closes the year with its outcome, but not for a learner who had left', () => {
    const row = applyEnrolled(undefined, enrolled());
    expect(applyYearClosed(row, { ...key, grade: 6, outcome: 'promoted' }).status).toBe('promoted');
    const left = applyLeft(row, { ...key, grade: 6, leftOn: '2025-11-16' });
    expect(left).toMatchObject({ status: 'left', endedOn: '2025-11-16' });
    expect(applyYearClosed(left, { ...key, grade: 6, outcome: 'promoted' }).status).toBe('left');
  });

  it('takes back a learner who returns after leaving, and keeps the end for an older enrolment', () => {
    const left = applyLeft(applyEnrolled(undefined, enrolled()), {
      ...key,
      grade: 6,
      leftOn: '2025-11-16',
    });
    expect(applyEnrolled(left, enrolled())).toMatchObject({ status: 'left' });
    expect(applyEnrolled(left, enrolled({ enrolledOn: '2026-01-05' }))).toMatchObject({
      status: 'enrolled',
      endedOn: null,
      enrolledOn: '2026-01-05',
    });
  });

  it('ends the year at the old school on a transfer and opens it at the new one, whichever event comes first', () => {
    const t = {
      studentId: 's',
      schoolYear: '2025-2026',
      fromSchoolId: 'A',
      toSchoolId: 'B',
      grade: 6,
      effectiveDate: '2025-12-01',
    };
    const atA = applyEnrolled(undefined, enrolled({ classId: 'c1' }));
    const { from, to } = applyTransfer(atA, undefined, t);
    expect(from).toMatchObject({
      schoolId: 'A',
      classId: 'c1',
      status: 'transferred-out',
      endedOn: '2025-12-01',
      transferredToSchoolId: 'B',
    });
    expect(to).toMatchObject({
      schoolId: 'B',
      status: 'enrolled',
      reason: 'transfer',
      enrolledOn: '2025-12-01',
      classId: null,
    });
    const inB = enrolled({
      schoolId: 'B',
      classId: 'c9',
      reason: 'transfer',
      enrolledOn: '2025-12-01',
    });
    const enrolledAfter = applyEnrolled(to, inB);
    // The new school's enrolment first, then the transfer: the same rows.
    const enrolledBefore: LearnerYear = applyEnrolled(undefined, inB);
    const again = applyTransfer(atA, enrolledBefore, t);
    expect(again.to).toEqual(enrolledAfter);
    expect(again.from).toEqual(from);
  });
});
