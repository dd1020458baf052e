import { AuthorizationMatrix, everyPerson, matrixRow } from '@qn/testing';

/**
 * Who may do what in records, as data (written by a person, never derived from the policies).
 * Rows act on the fixture's class at the own school (a primary school, so its commune manages
 * it); the own-scope teacher teaches the class a subject, the others teach nothing there.
 */
const LEARNER_READERS = {
  province: 'A/A/A',
  commune: 'A/H/H',
  principal: 'A/H/H',
  'school-staff': 'A/H/H',
  teacher: 'A/H/H',
  family: 'A/H/H',
} as const;

export const recordsMatrix: AuthorizationMatrix = {
  'GET /service-info': matrixRow(everyPerson('A/A/A')),
  // Who read or changed a child's record (the shared kit's access log): the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
  // A class's roster: the department, the commune of a school it manages, the school's
  // principal and staff, the class's own teachers. Families and outside systems: no class list.
  'GET /classes/{classId}/roster': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
    teacher: 'A/H/H',
  }),
  // A class's marks: whoever reaches the class reads them (in the access log)…
  'GET /classes/{classId}/subjects/{subjectCode}/terms/{term}/marks': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
    teacher: 'A/H/H',
  }),
  // …and only the class's teachers write them (the subject's own teacher: checked in the use case).
  'PUT /classes/{classId}/subjects/{subjectCode}/terms/{term}/marks': matrixRow(
    { teacher: 'A/H/H' },
    { body: { marks: [] } },
  ),
  // Primary (Circular 27) assessments: the same readers and writers as the marks. The fixture's
  // class is grade 6, so whoever gets past the policy is answered 422 (not a primary class).
  'GET /classes/{classId}/subjects/{subjectCode}/terms/{term}/primary-assessments': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
    teacher: 'A/H/H',
  }),
  'PUT /classes/{classId}/subjects/{subjectCode}/terms/{term}/primary-assessments': matrixRow(
    { teacher: 'A/H/H' },
    { body: { checkpoint: 'mid', assessments: [] } },
  ),
  // Qualities and competencies: the class's readers read; its teachers pass the policy (the use
  // case then requires the homeroom teacher).
  'GET /classes/{classId}/terms/{term}/qualities': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
    teacher: 'A/H/H',
  }),
  'PUT /classes/{classId}/terms/{term}/qualities': matrixRow(
    { teacher: 'A/H/H' },
    { body: { checkpoint: 'mid', assessments: [] } },
  ),
  // Conduct, absences and remarks (secondary): the class's readers read (the fixture's class is
  // grade 6); its teachers pass the policy and the use case requires the homeroom teacher (the
  // fixture's teacher is not: 403).
  'GET /classes/{classId}/terms/{term}/conduct': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
    teacher: 'A/H/H',
  }),
  'PUT /classes/{classId}/terms/{term}/conduct': matrixRow(
    { teacher: 'D/H/H' },
    { body: { entries: [] } },
  ),
  // Term close: the subject's teacher confirms its marks (the fixture's learner has none: 422,
  // allowed); the homeroom teacher confirms the class (the fixture's teacher is not: 403).
  'POST /classes/{classId}/subjects/{subjectCode}/terms/{term}/marks/confirmation': matrixRow({
    teacher: 'A/H/H',
  }),
  'POST /classes/{classId}/terms/{term}/confirmation': matrixRow({ teacher: 'D/H/H' }),
  // Importing a file of marks: the same policy as entering them (the fixture's file has no rows,
  // so the own teacher is let in and then answered 422 by the use case).
  'POST /classes/{classId}/subjects/{subjectCode}/terms/{term}/marks/imports': matrixRow(
    { teacher: 'A/H/H' },
    { body: 'ma_hoc_sinh,TX1\n', contentType: 'text/csv' },
  ),
  // The principal signs the class's term (the fixture's school has no principal in the roster:
  // the own-school principal passes the policy, then the use case answers 403).
  'POST /classes/{classId}/terms/{term}/signature': matrixRow({ principal: 'D/H/H' }),
  // A learner's signed records: whoever reaches one of the learner's schools or classes, and the
  // learner's guardians (the fixture's learner has none signed: the list is empty, a year 404s
  // from the use case).
  'GET /learners/{studentId}/records': matrixRow(LEARNER_READERS),
  'GET /learners/{studentId}/records/{schoolYear}': matrixRow(LEARNER_READERS),
  'GET /learners/{studentId}/records/{schoolYear}/pdf': matrixRow(LEARNER_READERS),
  // Corrections: principals of the learner's schools (the use case then finds no record: 404).
  'POST /learners/{studentId}/records/{schoolYear}/corrections': matrixRow(
    { principal: 'A/H/H' },
    { body: { reason: 'Nhập nhầm' } },
  ),
  // A school's export of a term's results to the sector database (by student id): the
  // department, the commune of a school it manages, the school's principal and staff. The
  // school is named in the path (no resource to hide): outside the scope is 403.
  'GET /schools/{schoolId}/terms/{schoolYear}/{term}/sector-export': matrixRow({
    province: 'A/A/A',
    commune: 'A/D/D',
    principal: 'A/D/D',
    'school-staff': 'A/D/D',
  }),
};
