import { randomUUID } from 'node:crypto';
import {
  matrixCoverage,
  matrixTokens,
  operationKeysOf,
  orgUnitChanged,
  runAuthorizationMatrix,
  waitFor,
} from '@qn/testing';
import { recordsMatrix } from './authorization-matrix';
import { RosterWorld } from './roster-world';

/** Operations without a policy: probes, metrics and the public verification of a printed record. */
const PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /verification/records',
  'POST /verification/records',
];

describe('records authorization matrix (every operation × every caller × own/other/no scope)', () => {
  const w = new RosterWorld();
  const fx = {
    province: randomUUID(),
    ownCommune: randomUUID(),
    otherCommune: randomUUID(),
    ownSchool: randomUUID(),
    otherSchool: randomUUID(),
    guardian: 'family-of-the-learner',
  };
  const classId = randomUUID();
  const studentId = randomUUID();

  beforeAll(async () => {
    await w.start();
    const teacher = randomUUID();
    await w.publish([
      orgUnitChanged(fx.province, 'province', null),
      orgUnitChanged(fx.ownCommune, 'commune', fx.province),
      orgUnitChanged(fx.otherCommune, 'commune', fx.province),
      orgUnitChanged(fx.ownSchool, 'school', fx.ownCommune),
      orgUnitChanged(fx.otherSchool, 'school', fx.otherCommune),
      // The matrix's own-scope teacher (matrixTokens: sub `matrix-teacher-own`) teaches the class.
      w.staff({ staffId: teacher, schoolId: fx.ownSchool, accountSubject: 'matrix-teacher-own' }),
      w.classFormed({ classId, schoolId: fx.ownSchool }),
      w.assigned({ classId, schoolId: fx.ownSchool, staffId: teacher }),
      w.enrolled({ studentId, schoolId: fx.ownSchool, classId, className: '6A1' }),
      w.guardianLinked(studentId, fx.guardian),
    ]);
    await w.until(
      `SELECT 1 FROM org_unit_replica WHERE id = ANY($1::uuid[])`,
      [[fx.province, fx.ownCommune, fx.otherCommune, fx.ownSchool, fx.otherSchool]],
      (r) => r.length === 5,
      'the org tree',
    );
    const own = await w.env.sign({
      sub: 'matrix-teacher-own',
      roles: ['teacher'],
      orgUnitId: fx.ownSchool,
    });
    await waitFor(
      async () => (await w.call('GET', `/classes/${classId}/roster`, own)).status === 200,
      {
        timeoutMs: 30000,
        description: "the class's teacher in the projection",
      },
    );
  }, 120000);
  afterAll(() => w.stop());

  it('has a row for every operation of the OpenAPI document, and no row for a missing one', async () => {
    const doc = (await w.call('GET', '/docs-json', await w.env.token('province'))).body;
    expect(matrixCoverage(operationKeysOf(doc), recordsMatrix, PUBLIC)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('answers every caller as the matrix says', async () => {
    const mismatches = await runAuthorizationMatrix({
      url: w.url,
      matrix: recordsMatrix,
      token: matrixTokens((o) => w.env.sign(o), fx),
      params: {
        classId,
        studentId,
        subjectCode: 'TOAN',
        term: '1',
        schoolYear: '2025-2026',
        schoolId: fx.ownSchool,
      },
    });
    expect(mismatches).toEqual([]);
  }, 180000);
});
