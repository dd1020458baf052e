import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Topics } from '@qn/contracts';
import { waitFor } from '@qn/testing';
import { EnrollmentWorld } from './world';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YEAR = '2025-2026';
const TEACHER = { pid: '022085001111', name: 'Lê Văn Cường', dob: '1985-02-01' };
const AN = { pid: '022215000123', name: 'Nguyễn Văn An', dob: '2015-03-05' };
const BINH = { pid: '022315000456', name: 'Trần Thị Bình', dob: '2015-11-30' };
const CHI = { pid: '022315000321', name: 'Hoàng Thị Chi', dob: '2015-02-14' };
const UNKNOWN = { pid: '022215000999', name: 'Phạm Văn Vắng', dob: '2015-06-01' };
const dmy = (d: string) => d.split('-').reverse().join('/');

/**
 * Importing a school's roster through the real service: a workbook shaped like the sector
 * database's export, identities checked against a local population register file, events on
 * Kafka, all or nothing, the same file twice changing nothing.
 */
describe('school roster import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qn-roster-'));
  const register = join(dir, 'population.csv');
  writeFileSync(
    register,
    [
      'personal_id,full_name,date_of_birth',
      ...[TEACHER, AN, BINH, CHI].map((p) => `${p.pid},${p.name},${p.dob}`),
    ].join('\n'),
  );
  const sectorDir = join(dir, 'sector');
  const world = new EnrollmentWorld({
    IDENTITY_REGISTER_FILE: register,
    SECTOR_DATABASE: 'local',
    SECTOR_DATABASE_DIR: sectorDir,
  });
  const { env, ids } = world;

  beforeAll(async () => {
    await world.start();
    await world.unit('RO-QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('RO-W1', 'ward', ids['RO-QN']);
    for (const code of ['RO-TH1', 'RO-TH2'])
      await world.unit(code, 'school', ids['RO-W1'], {
        school: { levels: ['primary'], segment: 'urban', ownership: 'public' },
      });
    await world.unit('RO-MN', 'school', ids['RO-W1'], {
      school: { levels: ['preschool'], segment: 'urban', ownership: 'public' },
    });
  }, 90000);
  afterAll(async () => {
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('CanBo').addRows([
      ['Mã định danh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Vị trí việc làm', 'Tài khoản'],
      [TEACHER.pid, TEACHER.name, dmy(TEACHER.dob), 'Nam', 'Giáo viên', 'gv.cuong'],
    ]);
    wb.addWorksheet('Lop').addRows([
      ['Tên lớp', 'Khối', 'Mã định danh GVCN'],
      ['5A', '5', TEACHER.pid],
    ]);
    wb.addWorksheet('HocSinh').addRows([
      [
        'Mã định danh',
        'Họ và tên',
        'Ngày sinh',
        'Giới tính',
        'Dân tộc',
        'Khối',
        'Lớp',
        'Tài khoản phụ huynh',
      ],
      [AN.pid, AN.name, dmy(AN.dob), 'Nam', 'Kinh', '5', '5A', 'ph.an'],
      [BINH.pid, BINH.name, dmy(BINH.dob), 'Nữ', 'Tày', '5', '5A', ''],
    ]);
    wb.addWorksheet('PhanCong').addRows([
      ['Lớp', 'Môn học', 'Mã định danh giáo viên'],
      ['5A', 'TOAN', TEACHER.pid],
      ['5A', 'TIENG_VIET', TEACHER.pid],
    ]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const post = async (schoolCode: string, token: string, body: Buffer | string, query = '') => {
    const res = await fetch(`${world.url}/schools/${ids[schoolCode]}/rosters/${YEAR}${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': typeof body === 'string' ? 'text/csv' : XLSX,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: await res.json(),
    };
  };

  it('imports a workbook: learners, class, teacher, assignments and guardians, with their events', async () => {
    await waitFor(
      async () =>
        (await world.call('GET', `/schools/${ids['RO-TH1']}/rosters/${YEAR}`, world.province))
          .status === 200,
      {
        description: 'the school in enrollment',
      },
    );
    const staff = await env.token('school-staff', ids['RO-TH1'], 'staff-th1');
    const file = await workbook();
    const first = await post('RO-TH1', staff, file);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replayed: false,
      classes: { created: 1, updated: 0, unchanged: 0 },
      staff: { created: 1 },
      learners: { created: 2, enrolled: 0, updated: 0, unchanged: 0 },
      assignments: { changed: 2, unchanged: 0 },
      guardiansLinked: 1,
      identitiesVerified: 3,
    });

    const summary = await world.call('GET', `/schools/${ids['RO-TH1']}/rosters/${YEAR}`, staff);
    expect(summary.body).toMatchObject({
      learners: 2,
      unplaced: 0,
      staff: 1,
      classes: [{ name: '5A', grade: 5, learners: 2 }],
    });
    const classId = summary.body.classes[0].id as string;
    const list = await world.call(
      'GET',
      `/schools/${ids['RO-TH1']}/rosters/${YEAR}/classes/${classId}`,
      staff,
    );
    expect(
      list.body.learners.map(
        (l: { fullName: string; personalId: string; identityResult: string }) => [
          l.fullName,
          l.personalId,
          l.identityResult,
        ],
      ),
    ).toEqual([
      [AN.name, '********0123', 'verified'],
      [BINH.name, '********0456', 'verified'],
    ]);
    expect(list.body.teachers).toEqual([
      expect.objectContaining({
        fullName: TEACHER.name,
        role: 'teacher',
        subjects: ['TIENG_VIET', 'TOAN'],
      }),
    ]);

    // The class's teacher reads it by the account on their staff record; another teacher of the
    // school does not (the same 404 as a missing class).
    const classPath = `/schools/${ids['RO-TH1']}/rosters/${YEAR}/classes/${classId}`;
    const ownTeacher = await env.token('teacher', ids['RO-TH1'], 'gv.cuong');
    expect((await world.call('GET', classPath, ownTeacher)).body.learners).toHaveLength(2);
    const otherTeacher = await env.token('teacher', ids['RO-TH1'], 'gv.khac');
    expect((await world.call('GET', classPath, otherTeacher)).status).toBe(404);

    // The same file again: the first report, nothing changed.
    const again = await post('RO-TH1', staff, file);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ replayed: true, importId: first.body.importId });

    const reader = await world.collect('roster-check', [
      Topics.enrollmentStudents,
      Topics.enrollmentSchoolRosters,
    ]);
    const got = reader.messages;
    try {
      await waitFor(() => got.length >= 12, { description: 'the import events' });
      await new Promise((r) => setTimeout(r, 1500)); // nothing more arrives (the replay published none)
    } finally {
      await reader.stop();
    }
    const events = reader.events();
    expect(events.map((e) => `${e.type}@${e.version}`).sort()).toEqual([
      'enrollment.class.formed@1',
      'enrollment.guardian.linked@1',
      'enrollment.staff-member.changed@1',
      'enrollment.staff-member.identity-checked@1',
      'enrollment.student.enrolled@2',
      'enrollment.student.enrolled@2',
      'enrollment.student.identity-checked@1',
      'enrollment.student.identity-checked@1',
      'enrollment.student.placed@1',
      'enrollment.student.placed@1',
      'enrollment.teaching.assigned@1',
      'enrollment.teaching.assigned@1',
    ]);
    expect(events.find((e) => e.type === 'enrollment.student.enrolled').data).toMatchObject({
      schoolId: ids['RO-TH1'],
      grade: 5,
      classId,
      className: '5A',
      schoolYear: YEAR,
      reason: 'roster',
      enrolledOn: '2025-09-05',
    });
    // Ids only: no personal id, name or date of birth in any event or key.
    const raw = got.map((m) => `${m.key?.toString()} ${m.value!.toString()}`).join('\n');
    for (const p of [TEACHER, AN, BINH]) {
      expect(raw).not.toContain(p.pid);
      expect(raw).not.toContain(p.name);
      expect(raw).not.toContain(p.dob);
    }
    // Who the two learners are goes only to the identities topic (for records), as registered,
    // with the last four digits of the personal id and never the rest.
    const identities = await world.collect('roster-identities', [
      Topics.enrollmentLearnerIdentities,
    ]);
    try {
      await waitFor(() => identities.messages.length >= 2, { description: 'learner identities' });
      await new Promise((r) => setTimeout(r, 1000)); // the replay published none
    } finally {
      await identities.stop();
    }
    const who = identities
      .events()
      .map((e) => e.data)
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
    expect(who).toEqual(
      [AN, BINH].map((p) =>
        expect.objectContaining({
          fullName: p.name,
          dateOfBirth: p.dob,
          personalIdLast4: p.pid.slice(-4),
        }),
      ),
    );
    const rawIdentities = identities.messages.map((m) => m.value!.toString()).join('\n');
    for (const p of [AN, BINH]) expect(rawIdentities).not.toContain(p.pid);
  }, 120000);

  it('refuses a file with any bad row, naming each, and saves none of it', async () => {
    const staff = await env.token('school-staff', ids['RO-TH2'], 'staff-th2');
    const csv = [
      'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi,lop',
      // on RO-TH1's roster this year
      `${AN.pid},${AN.name},${dmy(AN.dob)},Nam,Kinh,5,`,
      // digits 5-6 say 2015, the date 2016
      `022215000777,Hoàng Văn Sai,01/01/2016,Nam,Kinh,5,`,
      // unknown to the population register (checked only once the rest is right)
      `${UNKNOWN.pid},${UNKNOWN.name},${dmy(UNKNOWN.dob)},Nam,Kinh,5,`,
    ].join('\n');
    const bad = await post('RO-TH2', staff, csv, '?sheet=learners');
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(
      bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
    ).toEqual(['learners[3].personal_id:personal-id']);
    // Fix that row: the conflicts with the register come next.
    const next = await post(
      'RO-TH2',
      staff,
      csv
        .split('\n')
        .filter((_, i) => i !== 2)
        .join('\n'),
      '?sheet=learners',
    );
    expect(next.status).toBe(422);
    expect(
      next.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
    ).toEqual(['learners[2].personal_id:enrolled-elsewhere']);
    const last = await post(
      'RO-TH2',
      staff,
      csv
        .split('\n')
        .filter((_, i) => i !== 1 && i !== 2)
        .join('\n'),
      '?sheet=learners',
    );
    expect(last.status).toBe(422);
    expect(
      last.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
    ).toEqual(['learners[2].personal_id:identity-not-found']);
    expect(JSON.stringify([bad.body, next.body, last.body])).not.toContain(UNKNOWN.pid);
    const summary = await world.call('GET', `/schools/${ids['RO-TH2']}/rosters/${YEAR}`, staff);
    expect(summary.body).toMatchObject({ learners: 0, staff: 0, classes: [] });
  }, 60000);

  it("imports the sector database's export of a school like an uploaded file", async () => {
    const staff = await env.token('principal', ids['RO-TH2'], 'principal-th2');
    const path = `/schools/${ids['RO-TH2']}/rosters/${YEAR}/sector-import`;
    const none = await world.call('POST', path, staff);
    expect(none.status).toBe(404);
    expect(none.body.type).toMatch(/no-sector-roster$/);
    mkdirSync(join(sectorDir, 'exports', ids['RO-TH2']), { recursive: true });
    writeFileSync(
      join(sectorDir, 'exports', ids['RO-TH2'], `${YEAR}.csv`),
      `ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi\n${CHI.pid},${CHI.name},${dmy(CHI.dob)},Nữ,Kinh,5\n`,
    );
    const first = await world.call('POST', path, staff);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replayed: false,
      learners: { created: 1 },
      identitiesVerified: 1,
    });
    const again = await world.call('POST', path, staff);
    expect(again.body).toMatchObject({ replayed: true, importId: first.body.importId });
    expect(
      (await world.call('GET', `/schools/${ids['RO-TH2']}/rosters/${YEAR}`, staff)).body,
    ).toMatchObject({ learners: 1 });
  }, 60000);

  it('keeps each school to its own roster, and refuses preschools', async () => {
    const other = await env.token('school-staff', ids['RO-TH2'], 'staff-th2');
    const csv = 'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi\n';
    expect((await post('RO-TH1', other, csv, '?sheet=learners')).status).toBe(403);
    const family = await env.token('family', null, 'ph.an');
    expect((await post('RO-TH1', family, csv, '?sheet=learners')).status).toBe(403);
    const preschool = await post('RO-MN', world.province, csv, '?sheet=learners');
    expect(preschool.status).toBe(422);
    expect(preschool.body.type).toMatch(/roster-not-supported$/);
  }, 60000);
});
