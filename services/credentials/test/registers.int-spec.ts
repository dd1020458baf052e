import { randomUUID } from 'node:crypto';
import { EventEnvelope, Topics } from '@qn/contracts';
import { orgUnitChanged, waitFor } from '@qn/testing';
import { CredentialsWorld } from './credentials-world';

/**
 * Historic registers (sổ gốc) digitised from the paper archive, through the running service:
 * created, imported all or nothing, reviewed with history, and their coverage published.
 */
describe('credentials: historic original registers', () => {
  const w = new CredentialsWorld();
  const province = randomUUID();
  const communeA = randomUUID();
  const communeB = randomUUID();
  const lowerA = randomUUID(); // a lower-secondary school commune A manages
  const upperA = randomUUID(); // an upper-secondary school in commune A (the department manages it)
  const lowerB = randomUUID();
  const code = `THCS-${randomUUID().slice(0, 8)}`;
  let coverage: Array<{ key: string; event: EventEnvelope }>;
  let registerId: string;
  let provinceToken: string;

  const GOOD =
    'so_vao_so,so_hieu,ho_ten,ngay_sinh,noi_sinh,gioi_tinh,dan_toc,truong,xep_loai,so_quyet_dinh,ngay_cap,trang_scan\n' +
    '1,A 0000101,Nguye\u0302\u0303n Va\u0306n An,09/04/1983,Hạ Long,Nam,Kinh,,Khá,125/QĐ-PGD,15/07/1998,p001\n' +
    '2,,Lê Thị Hoa,1983-02-01,Hạ Long,Nữ,Kinh,,Giỏi,125/QĐ-PGD,1998-07-15,p001\n' +
    '3,A 0000103,Trần Văn Bình,,,nam,,,Trung bình,125/QĐ-PGD,,p002\n';

  beforeAll(async () => {
    // At debug level, to show that even then no holder's name or date of birth is logged.
    await w.start({ LOG_LEVEL: 'debug' });
    coverage = await w.read(Topics.credentialsRegisters);
    await w.publish([
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(communeA, 'commune', province),
      orgUnitChanged(communeB, 'commune', province),
      orgUnitChanged(lowerA, 'school', communeA, ['lower-secondary']),
      orgUnitChanged(upperA, 'school', communeA, ['upper-secondary']),
      orgUnitChanged(lowerB, 'school', communeB, ['lower-secondary']),
    ]);
    await w.until(
      `SELECT 1 FROM org_unit_replica WHERE id = ANY($1::uuid[])`,
      [[province, communeA, communeB, lowerA, upperA, lowerB]],
      (r) => r.length === 6,
      'the org tree',
    );
    provinceToken = await w.env.token('province', province);
  }, 120000);
  afterAll(() => w.stop());

  const register = (extra: Record<string, unknown> = {}) => ({
    kind: 'lower-secondary-diploma',
    authorityName: 'Phòng Giáo dục và Đào tạo thành phố Hạ Long',
    schoolId: lowerA,
    schoolName: 'Trường THCS Hạ Long',
    graduationYear: 1998,
    registerCode: code,
    expectedEntries: 4,
    archiveReference: 'Lưu trữ Sở GDĐT, hộp 12',
    ...extra,
  });

  const latestCoverage = (id: string) =>
    waitFor(
      () => {
        const mine = coverage.filter((m) => m.key === id);
        return mine.length ? mine : undefined;
      },
      { timeoutMs: 30000, description: `coverage of ${id}` },
    );

  it('creates a register and publishes its coverage (none digitised yet)', async () => {
    const r = await w.call('POST', '/registers', provinceToken, register());
    expect(r.status).toBe(201);
    registerId = r.body.id;
    expect(registerId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const [first] = await latestCoverage(registerId);
    expect(first!.event.type).toBe('credentials.register.coverage-changed');
    expect(first!.event.data).toMatchObject({
      registerId,
      kind: 'lower-secondary-diploma',
      origin: 'historic',
      schoolId: lowerA,
      graduationYear: 1998,
      expectedEntries: 4,
      digitisedEntries: 0,
      reviewedEntries: 0,
    });
    const again = await w.call('POST', '/registers', provinceToken, register());
    expect(again.status).toBe(409);
  });

  it('imports a good file: entries, provenance, change rows and coverage, in NFC', async () => {
    const r = await w.call('POST', `/registers/${registerId}/entries/import`, provinceToken, GOOD);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ rows: 3, imported: 3, digitisedEntries: 3, expectedEntries: 4 });
    expect(JSON.stringify(r.body)).not.toContain('Hoa');
    const entries = await w.rows<Record<string, unknown>>(
      `SELECT entry_number, serial_number, holder_full_name, to_char(holder_date_of_birth, 'YYYY-MM-DD') AS dob,
              holder_gender, school_name, origin, scan_reference, review_state, version
         FROM register_entry WHERE register_id = $1 ORDER BY entry_number`,
      [registerId],
    );
    expect(entries).toEqual([
      expect.objectContaining({
        entry_number: '1',
        serial_number: 'A 0000101',
        holder_full_name: 'Nguyễn Văn An'.normalize('NFC'),
        dob: '1983-04-09',
        holder_gender: 'male',
        school_name: 'Trường THCS Hạ Long',
        origin: 'historic',
        scan_reference: 'p001',
        review_state: 'unreviewed',
        version: 1,
      }),
      expect.objectContaining({ entry_number: '2', serial_number: null, dob: '1983-02-01' }),
      expect.objectContaining({ entry_number: '3', dob: null, holder_gender: 'male' }),
    ]);
    const changes = await w.rows(
      `SELECT c.change, c.version FROM register_entry_change c JOIN register_entry e ON e.id = c.entry_id
        WHERE e.register_id = $1`,
      [registerId],
    );
    expect(changes).toEqual(Array(3).fill({ change: 'imported', version: 1 }));
    await waitFor(
      () =>
        coverage.some(
          (m) =>
            m.key === registerId &&
            (m.event.data as { digitisedEntries: number }).digitisedEntries === 3,
        ) || undefined,
      { timeoutMs: 30000, description: 'coverage after the import' },
    );
  });

  it('refuses the same file again, and saves nothing', async () => {
    const r = await w.call('POST', `/registers/${registerId}/entries/import`, provinceToken, GOOD);
    expect(r.status).toBe(409);
    expect(r.body.type).toContain('register-file-already-imported');
    const [n] = await w.rows<{ n: string }>(
      `SELECT count(*) AS n FROM register_entry WHERE register_id = $1`,
      [registerId],
    );
    expect(Number(n!.n)).toBe(3);
  });

  it('answers 422 naming every bad row and field (never the value), and saves nothing', async () => {
    const bad =
      'so_vao_so,so_hieu,ho_ten,ngay_sinh,gioi_tinh,ngay_cap,trang_scan\n' +
      '4,A 0000104,Phạm Thị Mai,31/02/1983,Nữ,15/07/1998,p003\n' +
      '1,A 0000105,Vũ Văn Nam,01/01/1983,Nam,15/07/1998,p003\n' +
      '5,A 0000101,Đỗ Thị Lan,01/01/1983,K,15/07/1998,p003\n' +
      '6,A 0000106,Hoàng Văn Long,02/02/1983,Nam,15/07/1998,p004\n';
    const r = await w.call('POST', `/registers/${registerId}/entries/import`, provinceToken, bad);
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.errors).toEqual([
      { field: 'rows[2].ngay_sinh', message: 'is not a calendar day' },
      { field: 'rows[3].so_vao_so', message: 'is already in the register' },
      { field: 'rows[4].gioi_tinh', message: 'must be Nam or Nữ' },
      { field: 'rows[4].so_hieu', message: 'is already recorded for a diploma of this kind' },
    ]);
    expect(JSON.stringify(r.body)).not.toMatch(/Mai|Lan|1983|Long/);
    const [n] = await w.rows<{ n: string }>(
      `SELECT count(*) AS n FROM register_entry WHERE register_id = $1`,
      [registerId],
    );
    expect(Number(n!.n)).toBe(3);
    expect(
      await w.rows(`SELECT 1 FROM register_import WHERE register_id = $1`, [registerId]),
    ).toHaveLength(1);
  });

  it('reviews an entry: corrections with their previous values, a new version, coverage counts it', async () => {
    const [entry] = await w.rows<{ id: string }>(
      `SELECT id FROM register_entry WHERE register_id = $1 AND entry_number = '2'`,
      [registerId],
    );
    const r = await w.call('PUT', `/register-entries/${entry!.id}/review`, provinceToken, {
      state: 'confirmed',
      version: 1,
      corrections: { serialNumber: 'a 0000102', holderFullName: 'Lê Thị Hòa' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      reviewState: 'confirmed',
      version: 2,
      correctedFields: ['serialNumber', 'holderFullName'],
      reviewedEntries: 1,
    });
    const [stored] = await w.rows(
      `SELECT serial_number, holder_full_name, review_state, version FROM register_entry WHERE id = $1`,
      [entry!.id],
    );
    expect(stored).toEqual({
      serial_number: 'A 0000102',
      holder_full_name: 'Lê Thị Hòa',
      review_state: 'confirmed',
      version: 2,
    });
    const history = await w.rows(
      `SELECT change, version, previous FROM register_entry_change WHERE entry_id = $1 ORDER BY changed_at, change`,
      [entry!.id],
    );
    expect(history).toEqual([
      { change: 'imported', version: 1, previous: null },
      {
        change: 'corrected',
        version: 2,
        previous: { serialNumber: null, holderFullName: 'Lê Thị Hoa' },
      },
      { change: 'reviewed', version: 2, previous: null },
    ]);
    // A stale version is refused; a dispute needs a note.
    const stale = await w.call('PUT', `/register-entries/${entry!.id}/review`, provinceToken, {
      state: 'confirmed',
      version: 1,
    });
    expect(stale.status).toBe(409);
    const noNote = await w.call('PUT', `/register-entries/${entry!.id}/review`, provinceToken, {
      state: 'disputed',
    });
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors).toEqual([
      { field: 'note', message: 'is required when disputing an entry' },
    ]);
    const latest = await waitFor(
      () =>
        coverage.find(
          (m) =>
            m.key === registerId &&
            (m.event.data as { reviewedEntries: number }).reviewedEntries === 1,
        ),
      { timeoutMs: 30000, description: 'coverage after the review' },
    );
    expect(latest.event.data).toMatchObject({
      digitisedEntries: 3,
      reviewedEntries: 1,
      expectedEntries: 4,
    });
    // Coverage events carry no personal data.
    expect(JSON.stringify(coverage.map((m) => m.event))).not.toMatch(/Nguyễn|Lê Thị|Trần|1983/);
  });

  it('lists registers with counts and no personal data, and entries to those who reach them', async () => {
    const list = await w.call(
      'GET',
      `/registers?schoolId=${lowerA}&graduationYear=1998`,
      provinceToken,
    );
    expect(list.status).toBe(200);
    expect(list.body.registers).toEqual([
      expect.objectContaining({
        id: registerId,
        digitisedEntries: 3,
        reviewedEntries: 1,
        expectedEntries: 4,
      }),
    ]);
    const principal = await w.env.token('principal', lowerA);
    const entries = await w.call('GET', `/registers/${registerId}/entries?limit=2`, principal);
    expect(entries.status).toBe(200);
    expect(entries.body.total).toBe(3);
    expect(entries.body.entries).toHaveLength(2);
    // Every read of the entries is in the access log, by whom and of which register.
    const log = await waitFor(
      async () => {
        const r = await w.call('GET', `/access-log?recordId=${registerId}`, provinceToken);
        return (r.body as Array<{ subject: string; action: string }>).find(
          (e) => e.subject === 'test-principal' && e.action === 'read',
        );
      },
      { timeoutMs: 10000, description: 'the access log of the read' },
    );
    expect(log).toMatchObject({ resource: 'original-register', recordId: registerId });
    expect(entries.body.entries[0]).toMatchObject({
      entryNumber: '1',
      holderDateOfBirth: '1983-04-09',
    });
  });

  it('lets a commune keep the lower-secondary registers of its schools only; families and teachers nothing', async () => {
    const commune = await w.env.token('commune', communeA);
    const otherCommune = await w.env.token('commune', communeB);
    const own = await w.call(
      'POST',
      '/registers',
      commune,
      register({ registerCode: `${code}-c` }),
    );
    expect(own.status).toBe(201);
    const elsewhere = await w.call(
      'POST',
      '/registers',
      commune,
      register({ registerCode: `${code}-o`, schoolId: lowerB }),
    );
    expect(elsewhere.status).toBe(403);
    const upper = await w.call(
      'POST',
      '/registers',
      commune,
      register({ registerCode: `${code}-u`, schoolId: upperA, kind: 'upper-secondary-diploma' }),
    );
    expect(upper.status).toBe(403);
    // Outside its schools: the register is hidden (404), the school named is refused (403).
    expect((await w.call('GET', `/registers/${registerId}/entries`, otherCommune)).status).toBe(
      404,
    );
    expect((await w.call('GET', `/registers?schoolId=${lowerA}`, otherCommune)).status).toBe(403);
    const listed = await w.call('GET', '/registers', otherCommune);
    expect(listed.body.registers.map((r: { id: string }) => r.id)).not.toContain(registerId);
    const mine = await w.call('GET', '/registers?limit=1&offset=1', commune);
    // Commune A reaches both registers of its school: the second one is on page 2 of size 1.
    expect(mine.body.registers).toHaveLength(1);
    expect((await w.call('GET', '/registers', commune)).body.registers).toHaveLength(2);
    expect((await w.call('GET', `/registers/${registerId}/entries`, commune)).status).toBe(200);
    for (const role of ['family', 'teacher'] as const) {
      const t = await w.env.token(role, role === 'teacher' ? lowerA : null);
      expect((await w.call('GET', '/registers', t)).status).toBe(403);
      expect((await w.call('GET', `/registers/${registerId}/entries`, t)).status).toBe(403);
    }
    // A principal reads but does not import.
    const principal = await w.env.token('principal', lowerA);
    const imp = await w.call('POST', `/registers/${registerId}/entries/import`, principal, GOOD);
    expect(imp.status).toBe(403);
  });

  it('logs no holder’s name or date of birth, even at debug level', () => {
    expect(w.service.logs.length).toBeGreaterThan(0);
    expect(w.service.logs).not.toMatch(
      /Nguy|Lê Thị|Trần Văn|Phạm Thị|Đỗ Thị|09\/04\/1983|1983-04-09/,
    );
  });
});
