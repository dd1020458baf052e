import { randomUUID } from 'node:crypto';
import {
  matrixCoverage,
  matrixTokens,
  operationKeysOf,
  orgUnitChanged,
  runAuthorizationMatrix,
} from '@qn/testing';
import { credentialsMatrix } from './authorization-matrix';
import { CredentialsWorld } from './credentials-world';

/**
 * Operations without a policy: probes, metrics, and what verifiers use (issuers, status lists,
 * verification and its page).
 */
const PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /issuers/{authorityId}',
  'GET /status-lists/{listId}',
  'GET /verification',
  'POST /verification',
  'GET /verify',
];

describe('credentials authorization matrix (every operation × every caller × own/other/no scope)', () => {
  const w = new CredentialsWorld();
  const fx = {
    province: randomUUID(),
    ownCommune: randomUUID(),
    otherCommune: randomUUID(),
    ownSchool: randomUUID(),
    otherSchool: randomUUID(),
    guardian: 'family-of-the-learner',
  };
  const studentId = randomUUID();
  let listId = '';
  let registerId = '';
  let entryId = '';
  let copyId = '';
  let credentialId = '';

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(fx.province, 'province', null),
      orgUnitChanged(fx.ownCommune, 'commune', fx.province),
      orgUnitChanged(fx.otherCommune, 'commune', fx.province),
      orgUnitChanged(fx.ownSchool, 'school', fx.ownCommune, ['lower-secondary']),
      orgUnitChanged(fx.otherSchool, 'school', fx.otherCommune, ['lower-secondary']),
      w.identity(studentId, fx.ownSchool, 'Nguyễn Văn Học'),
      w.eligibility({
        studentId,
        schoolId: fx.ownSchool,
        level: 'lower-secondary',
        outcome: 'eligible',
      }),
    ];
    await w.publish(events);
    await w.processed(events.slice(5));
    await w.until(`SELECT 1 FROM org_unit_replica`, [], (r) => r.length === 5, 'the org tree');
    // A historic register of the school with one entry (kept by a former district's office).
    const province = await w.env.token('province', fx.province);
    registerId = (
      await w.ok('POST', '/registers', province, {
        kind: 'lower-secondary-diploma',
        authorityName: 'Phòng GDĐT',
        schoolId: fx.ownSchool,
        schoolName: 'Trường THCS',
        graduationYear: 1998,
        registerCode: `MATRIX-${randomUUID().slice(0, 8)}`,
        expectedEntries: 1,
        archiveReference: 'hộp 1',
      })
    ).body.id;
    await w.ok(
      'POST',
      `/registers/${registerId}/entries/import`,
      province,
      'so_vao_so,ho_ten,trang_scan\n1,Nguyễn Văn An,p1\n',
    );
    const [entry] = await w.rows<{ id: string }>(
      `SELECT id FROM register_entry WHERE register_id = $1`,
      [registerId],
    );
    entryId = entry!.id;
    // A certified copy of it, once confirmed against its page.
    await w.ok('PUT', `/register-entries/${entryId}/review`, province, { state: 'confirmed' });
    copyId = (
      await w.ok('POST', `/register-entries/${entryId}/certified-copies`, province, {
        copies: 1,
        requester: 'holder',
      })
    ).body.copyId;
    const principal = await w.env.token('principal', fx.ownSchool);
    listId = (
      await w.ok('POST', `/schools/${fx.ownSchool}/graduation-lists`, principal, {
        level: 'lower-secondary',
        schoolYear: '2025-2026',
      })
    ).body.id;
    // Approved by the decision the matrix's approval row sends (a no-op for it then), so a
    // diploma exists for the PDF row.
    await w.ok(
      'POST',
      `/graduation-lists/${listId}/approval`,
      await w.env.token('commune', fx.ownCommune),
      {
        decisionReference: '15/QĐ-UBND',
        decidedOn: '2026-06-20',
      },
    );
    [{ id: credentialId }] = await w.rows<{ id: string }>(
      `SELECT c.id FROM credential c JOIN register_entry e ON e.id = c.entry_id WHERE e.learner_id = $1`,
      [studentId],
    );
  }, 120000);
  afterAll(() => w.stop());

  it('has a row for every operation of the OpenAPI document, and no row for a missing one', async () => {
    const doc = (await w.call('GET', '/docs-json', await w.env.token('province'))).body;
    expect(matrixCoverage(operationKeysOf(doc), credentialsMatrix, PUBLIC)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('answers every caller as the matrix says', async () => {
    const mismatches = await runAuthorizationMatrix({
      url: w.url,
      matrix: credentialsMatrix,
      token: matrixTokens((o) => w.env.sign(o), fx),
      params: { schoolId: fx.ownSchool, listId, registerId, entryId, credentialId, copyId },
    });
    expect(mismatches).toEqual([]);
  }, 180000);
});
