import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  matrixCoverage,
  matrixTokens,
  operationKeysOf,
  runAuthorizationMatrix,
  sleep,
  waitFor,
} from '@qn/testing';
import { enrollmentMatrix } from './authorization-matrix';
import { EnrollmentWorld } from './world';

const PUBLIC = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

describe('enrollment authorization matrix (every operation × every caller × own/other/no scope)', () => {
  // The own school's class 5A and its homeroom teacher, whose account is the matrix's own-scope
  // teacher: the population register knows the teacher, for the roster import.
  const teacher = { pid: '022085001111', name: 'Lê Văn Cường', dob: '1985-02-01' };
  const dir = mkdtempSync(join(tmpdir(), 'qn-matrix-'));
  const register = join(dir, 'population.csv');
  writeFileSync(
    register,
    `personal_id,full_name,date_of_birth\n${teacher.pid},${teacher.name},${teacher.dob}\n`,
  );
  const world = new EnrollmentWorld({
    ROUND_CLOSE_CHECK_MS: '500',
    IDENTITY_REGISTER_FILE: register,
  });
  const { env, ids } = world;
  const guardian = 'family-of-the-child';

  beforeAll(() => world.start(), 90000);
  afterAll(async () => {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a row for every operation of the OpenAPI document, and no row for a missing one', async () => {
    const doc = (await world.call('GET', '/docs-json', world.province)).body;
    expect(matrixCoverage(operationKeysOf(doc), enrollmentMatrix, PUBLIC)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('answers every caller as the matrix says', async () => {
    const province = world.province;
    await world.unit('MX-QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('MX-W1', 'ward', ids['MX-QN']);
    await world.unit('MX-W2', 'ward', ids['MX-QN']);
    const primary = { school: { levels: ['primary'], segment: 'urban', ownership: 'public' } };
    await world.unit('MX-TH-A', 'school', ids['MX-W1'], primary);
    await world.unit('MX-TH-B', 'school', ids['MX-W2'], primary);
    const closesAt = Date.now() + 8000;
    const round = await world.call('POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Lớp 1 — ma trận quyền',
      opensAt: new Date(Date.now() - 60000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      maxWishes: 2,
      priorityCategories: [],
    });
    expect(round.status).toBe(201);
    const roundId = round.body.id as string;
    for (const school of ['MX-TH-A', 'MX-TH-B'])
      await waitFor(
        async () =>
          (
            await world.call('PUT', `/rounds/${roundId}/schools/${ids[school]}`, province, {
              capacity: 5,
              catchmentOrgUnitIds: [],
            })
          ).status === 200,
        { timeoutMs: 30000, description: `${school} in enrollment` },
      );
    const family = await env.token('family', null, guardian);
    const applied = await world.call(
      'POST',
      `/rounds/${roundId}/applications`,
      family,
      {
        applicant: {
          personalId: '022220000001',
          fullName: 'Học sinh Một',
          dateOfBirth: '2020-01-01',
          residenceOrgUnitId: ids['MX-W1'],
        },
        wishes: [ids['MX-TH-A']],
        priorityCategories: [],
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(applied.status).toBe(201);
    const applicationId = applied.body.applicationId as string;
    await sleep(Math.max(0, closesAt - Date.now() + 300));
    expect((await world.call('POST', `/rounds/${roundId}/publication`, province)).status).toBe(200);
    const offerId = (await world.call('GET', `/applications/${applicationId}/offer`, family)).body
      .id as string;
    expect((await world.call('POST', `/offers/${offerId}/acceptance`, family)).status).toBe(200);
    const staffA = await env.token('school-staff', ids['MX-TH-A'], 'staff-a');
    const confirmed = await world.call('POST', `/offers/${offerId}/confirmation`, staffA, {});
    expect(confirmed.status).toBe(200);
    const studentId = confirmed.body.studentId as string;
    const transfer = await world.call('POST', '/transfers', family, {
      studentId,
      toSchoolId: ids['MX-TH-B'],
      reason: 'Gia đình chuyển nơi cư trú',
      effectiveDate: '2026-11-02',
    });
    expect(transfer.status).toBe(201);

    const staff = [
      'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,vi_tri,tai_khoan',
      `${teacher.pid},${teacher.name},01/02/1985,Nam,Giáo viên,matrix-teacher-own`,
    ].join('\n');
    const rosterPath = `/schools/${ids['MX-TH-A']}/rosters/2025-2026`;
    expect((await world.call('POST', `${rosterPath}?sheet=staff`, province, staff)).status).toBe(
      201,
    );
    const classes = `ten_lop,khoi,gvcn_ma_dinh_danh\n5A,5,${teacher.pid}\n`;
    expect(
      (await world.call('POST', `${rosterPath}?sheet=classes`, province, classes)).status,
    ).toBe(201);
    const classId = (await world.call('GET', rosterPath, province)).body.classes[0].id as string;

    const fx = {
      province: ids['MX-QN']!,
      ownCommune: ids['MX-W1']!,
      otherCommune: ids['MX-W2']!,
      ownSchool: ids['MX-TH-A']!,
      otherSchool: ids['MX-TH-B']!,
      guardian,
    };
    const mismatches = await runAuthorizationMatrix({
      url: world.url,
      matrix: enrollmentMatrix,
      token: matrixTokens((o) => env.sign(o), fx),
      params: {
        ...fx,
        id: applicationId,
        roundId,
        schoolId: fx.ownSchool,
        offerId,
        studentId,
        transferId: transfer.body.id,
        classId,
      },
    });
    expect(mismatches).toEqual([]);

    // Every read and change of the child's application is in the access log, with who and why.
    const read = await world.call('GET', `/applications/${applicationId}`, family, undefined, {
      'x-access-purpose': encodeURIComponent('Phụ huynh xem hồ sơ'),
    });
    expect(read.status).toBe(200);
    const log = await world.call(
      'GET',
      `/access-log?recordId=${applicationId}&subject=${guardian}&limit=1000`,
      province,
    );
    expect(log.status).toBe(200);
    expect(log.body[0]).toMatchObject({
      subject: guardian,
      principalKind: 'user',
      roles: ['family'],
      grants: ['role:family'],
      action: 'read',
      resource: 'application',
      recordId: applicationId,
      route: 'GET /applications/:id',
      purpose: 'Phụ huynh xem hồ sơ',
      status: 200,
    });
    // Denied and hidden calls never reached the record; allowed ones are all there.
    const routes = new Set(
      (
        await world.call('GET', `/access-log?recordId=${applicationId}&limit=1000`, province)
      ).body.map((r: { route: string }) => r.route),
    );
    expect([...routes].sort()).toEqual(
      [
        'GET /applications/:id',
        'GET /applications/:id/offer',
        'PATCH /applications/:id',
        'POST /applications/:id/withdrawal',
        'POST /applications/:id/contest-decision',
      ].sort(),
    );
    // Append-only: the database itself refuses to change or delete a row.
    const pg = new Client({ connectionString: env.db.url });
    await pg.connect();
    try {
      await expect(pg.query(`UPDATE enrollment.access_log SET subject = 'x'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(pg.query(`DELETE FROM enrollment.access_log`)).rejects.toThrow(/append-only/);
    } finally {
      await pg.end();
    }
  }, 240000);
});
