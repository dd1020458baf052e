import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { orgUnitChanged, waitFor } from '@qn/testing';
import { RosterWorld } from './roster-world';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Importing a class's marks from a school-management system's file, against real Kafka,
 * PostgreSQL and Redis: the class and its people arrive as roster events; a good CSV and a good
 * XLSX are saved in one go; a file with bad rows is refused naming each, and nothing of it is
 * saved; only the subject's own teacher imports.
 */
describe('records: the subject teacher imports a class’s marks from a file', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, school] = [id(), id(), id()];
  const [tMath, tPe] = [id(), id()];
  const k7a = id();
  const [an, binh, chi, outsider] = [id(), id(), id(), id()];
  const marks = (subject: string, term = 1) =>
    `/classes/${k7a}/subjects/${subject}/terms/${term}/marks`;
  const imports = (subject: string, term = 1) => `${marks(subject, term)}/imports`;
  const upload = async (path: string, token: string, body: string | Buffer, type: string) => {
    const res = await fetch(`${w.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text,
      // The tests read the answer field by field.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      body: (text ? JSON.parse(text) : undefined) as any,
    };
  };
  const learnersOf = async (token: string, subject = 'TOAN') => {
    const read = await w.call('GET', marks(subject), token);
    expect(read.status).toBe(200);
    return Object.fromEntries(
      read.body.learners.map((l: { studentId: string }) => [l.studentId, l]),
    ) as Record<string, { regular: string[]; midTerm: string | null; termResult: string | null }>;
  };

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(school, 'school', commune, ['lower-secondary']),
      w.staff({ staffId: tMath, schoolId: school, accountSubject: 'gv-toan-import' }),
      w.staff({ staffId: tPe, schoolId: school, accountSubject: 'gv-the-duc-import' }),
      w.classFormed({
        classId: k7a,
        schoolId: school,
        grade: 7,
        name: '7A',
        homeroomTeacherId: tPe,
      }),
      w.assigned({ classId: k7a, schoolId: school, staffId: tMath, subjectCode: 'TOAN' }),
      w.assigned({ classId: k7a, schoolId: school, staffId: tPe, subjectCode: 'GDTC' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 7, classId: k7a, className: '7A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 7, classId: k7a, className: '7A' }),
      w.enrolled({ studentId: chi, schoolId: school, grade: 7, classId: k7a, className: '7A' }),
    ];
    await w.publish(events);
    for (const e of events.slice(3))
      await waitFor(
        async () =>
          (await w.rows(`SELECT 1 FROM processed_event WHERE event_id = $1`, [e.id])).length > 0,
        { timeoutMs: 30000, description: `event ${e.type} processed` },
      );
  }, 120000);
  afterAll(() => w.stop());

  it('saves a good CSV (BOM, name column, Vietnamese decimal comma) and reports counts only', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan-import');
    const csv =
      '\uFEFFSTT,ma_hoc_sinh,ho_ten,TX1,TX2,TX3,TX4,GK,CK\r\n' +
      `1,${an},Nguyễn Văn An,7,8,9,6,8,"7,5"\r\n` +
      `2,${binh},Trần Thị Bình,8.5,,,,,\r\n`;
    const res = await upload(imports('TOAN'), maths, csv, 'text/csv');
    expect(res).toMatchObject({ status: 200, body: { rows: 2, saved: 2, unchanged: 0 } });
    expect(res.body).toEqual({ rows: 2, saved: 2, unchanged: 0 });
    // No mark and no name in the answer.
    expect(res.text).not.toMatch(/Nguyễn|7\.5|8\.5/);

    const byId = await learnersOf(maths);
    // (7 + 8 + 9 + 6 + 2·8 + 3·7.5) / 9 = 7.61… → 7.6
    expect(byId[an]).toMatchObject({
      regular: ['7', '8', '9', '6'],
      midTerm: '8',
      termResult: '7.6',
    });
    expect(byId[binh]).toMatchObject({ regular: ['8.5'], midTerm: null, termResult: null });

    // The same file again changes nothing.
    const again = await upload(imports('TOAN'), maths, csv, 'text/csv');
    expect(again.body).toEqual({ rows: 2, saved: 0, unchanged: 2 });
  });

  it('saves an XLSX workbook with Vietnamese headings under a title block', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan-import');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sổ điểm');
    ws.addRow(['SỔ ĐIỂM MÔN TOÁN - LỚP 7A - HỌC KÌ I']);
    ws.addRow(['STT', 'Mã học sinh', 'Họ và tên', 'ĐĐGtx1', 'ĐĐGtx2', 'Giữa kì', 'Cuối kì']);
    ws.addRow([1, chi, 'Lê Văn Chí', 9, 8.5, 7, 8]);
    ws.addRow([2, an, 'Nguyễn Văn An', 7, 8, 8, 7.5]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(imports('TOAN'), maths, bytes, XLSX);
    expect(res.status).toBe(200);
    // An's cells change (TX3, TX4 are no longer in the file: blank = not entered, as the form).
    expect(res.body).toEqual({ rows: 2, saved: 2, unchanged: 0 });
    const byId = await learnersOf(maths);
    expect(byId[chi]).toMatchObject({ regular: ['9', '8.5'], midTerm: '7' });
    expect(byId[an]).toMatchObject({ regular: ['7', '8'], midTerm: '8' });
    expect(byId[binh]).toMatchObject({ regular: ['8.5'] });
  });

  it('refuses a file with bad rows, naming each row and column, and saves none of it', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan-import');
    const before = await learnersOf(maths);
    const csv =
      'ma_hoc_sinh;ho_ten;TX1;TX2;TX3;TX4;TX5;GK;CK\n' +
      // Row 2 is good, and still not saved while the others are bad.
      `${binh};Bình;10;9;;;;8;9\n` +
      `${an};An;11;8,55;;;;Đ;\n` +
      `${outsider};Người ngoài;8;;;;;;\n` +
      `${chi};Chí;1;2;3;4;5;;\n` +
      `${binh};Bình lần hai;7;;;;;;\n` +
      `không-phải-mã;X;7;;;;;;\n`;
    const bad = await upload(imports('TOAN'), maths, csv, 'text/csv');
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [
        'rows[3].TX1',
        'rows[3].TX2',
        'rows[3].GK',
        'rows[4].ma_hoc_sinh',
        'rows[5].TX5',
        'rows[6].ma_hoc_sinh',
        'rows[7].ma_hoc_sinh',
      ].sort(),
    );
    // The reasons are there; no learner's name is.
    expect(bad.text).not.toMatch(/Bình|Người ngoài|Chí/);
    expect(bad.body.errors).toContainEqual({
      field: 'rows[6].ma_hoc_sinh',
      message: 'appears twice',
    });
    expect(await learnersOf(maths)).toEqual(before);
  });

  it('refuses another teacher, a confirmed term, an unknown column, and what is not a file', async () => {
    const pe = await w.env.token('teacher', school, 'gv-the-duc-import');
    const csv = `ma_hoc_sinh,TX1\n${an},8\n`;
    const notMine = await upload(imports('TOAN'), pe, csv, 'text/csv');
    expect(notMine.status).toBe(403);
    expect(notMine.body.type).toMatch(/not-the-subject-teacher$/);
    const principal = await w.env.token('principal', school, 'hieu-truong-import');
    expect((await upload(imports('TOAN'), principal, csv, 'text/csv')).status).toBe(403);

    const maths = await w.env.token('teacher', school, 'gv-toan-import');
    const unknown = await upload(
      imports('TOAN'),
      maths,
      `ma_hoc_sinh,Điểm TB\n${an},8\n`,
      'text/csv',
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'rows[1].Điểm TB', message: expect.stringContaining('not a column') },
    ]);
    const json = await w.call('POST', imports('TOAN'), maths, { marks: [] });
    expect(json.status).toBe(415);
    const pdf = await upload(imports('TOAN'), maths, 'x', 'application/pdf');
    expect(pdf.status).toBe(415);
    const huge = await upload(
      imports('TOAN'),
      maths,
      `ma_hoc_sinh,TX1\n${`${an},8\n`.repeat(40000)}`,
      'text/csv',
    );
    expect(huge.status).toBe(413);

    await w.rows(
      `UPDATE gradebook_term SET status = 'confirmed', confirmed_by = 'gv-toan-import', confirmed_at = now()
        WHERE class_id = $1 AND subject_code = 'TOAN' AND term = 1`,
      [k7a],
    );
    const confirmed = await upload(imports('TOAN'), maths, csv, 'text/csv');
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.type).toMatch(/marks-confirmed$/);
  });
});
