import ExcelJS from 'exceljs';
import { checkClassTermMarks } from '../domain/class-term-marks';
import { secondaryRulesFor } from '../domain/term-marks';
import { fieldInFile, headingKey, readMarksCsv, readMarksXlsx } from './marks-file';

const AN = '0193a000-0000-7000-8000-0000000000a1';
const BINH = '0193a000-0000-7000-8000-0000000000b2';

describe('a marks file (CSV / XLSX) → learners’ rows', () => {
  it('reads a vnEdu-style CSV with a BOM, a name column and blanks as not entered', () => {
    const file = readMarksCsv(
      '\uFEFFSTT,ma_hoc_sinh,ho_ten,TX1,TX2,TX3,TX4,GK,CK\r\n' +
        `1,${AN},Nguyễn Văn An,7,8,9,6,8,"7,5"\r\n` +
        `2,${BINH},Trần Thị Bình,8.5,,,,,\r\n`,
    );
    expect(file.problems).toEqual([]);
    expect(file.columns).toEqual({
      studentId: 'ma_hoc_sinh',
      regular: ['TX1', 'TX2', 'TX3', 'TX4'],
      midTerm: 'GK',
      endOfTerm: 'CK',
    });
    expect(file.rows).toEqual([
      {
        row: 2,
        entry: { studentId: AN, regular: ['7', '8', '9', '6'], midTerm: '8', endOfTerm: '7,5' },
      },
      { row: 3, entry: { studentId: BINH, regular: ['8.5'] } },
    ]);
    // The learner's name is read nowhere: no value of that column is in what comes out.
    expect(JSON.stringify(file)).not.toContain('Nguyễn');
  });

  it('takes Vietnamese headings in any case and accent, and ; as separator', () => {
    const file = readMarksCsv(
      `Mã học sinh;Họ và tên;ĐĐGtx1;đđgTX2;Giữa kì;CUỐI KỲ\n${AN};An;8,5;9;7;6,5\n`,
    );
    expect(file.problems).toEqual([]);
    expect(file.rows[0]).toEqual({
      row: 2,
      entry: { studentId: AN, regular: ['8,5', '9'], midTerm: '7', endOfTerm: '6,5' },
    });
    expect(headingKey('Giữa học kỳ')).toBe('giuahocky');
  });

  it('finds the heading row under a title block and numbers rows as the file does', () => {
    const file = readMarksCsv(`SỔ ĐIỂM LỚP 7A,,\n,,\nstudent_id,TX1,GK\n${AN},8,\n\n${BINH},,9\n`);
    expect(file.problems).toEqual([]);
    expect(file.rows.map((r) => r.row)).toEqual([4, 6]);
  });

  it('names an unknown column, a repeated one and rows without a learner', () => {
    const file = readMarksCsv(
      `ma_hoc_sinh,TX1,Điểm TB,tx1,GK\n${AN},8,8,8,\n,7,,,\nAn,7,,,\n,,,,\n`,
    );
    expect(file.problems).toEqual([
      { field: 'rows[1].Điểm TB', message: expect.stringContaining('not a column') },
      { field: 'rows[1].tx1', message: 'repeats the column TX1' },
      { field: 'rows[3].ma_hoc_sinh', message: 'is empty' },
      { field: 'rows[4].ma_hoc_sinh', message: 'is not a student id' },
    ]);
    expect(file.rows.map((r) => r.row)).toEqual([2]);
  });

  it('refuses an empty file, one without learners and one without a student id column', () => {
    expect(readMarksCsv('').problems).toEqual([{ field: 'file', message: 'is empty' }]);
    expect(readMarksCsv('\uFEFF\r\n,,\r\n').problems).toEqual([
      { field: 'file', message: 'is empty' },
    ]);
    expect(readMarksCsv('ma_hoc_sinh,TX1\n').problems).toEqual([
      { field: 'file', message: 'has no learner rows' },
    ]);
    expect(readMarksCsv('ho_ten,TX1\nAn,8\n').problems).toEqual([
      { field: 'file', message: expect.stringContaining('no heading row') },
    ]);
    expect(readMarksCsv('ma_hoc_sinh,TX1\n"unclosed,8\n').problems).toEqual([
      { field: 'file', message: expect.stringContaining('cannot be read as CSV') },
    ]);
  });

  it('maps a duplicated learner and bad cells back to their rows and columns', () => {
    const file = readMarksCsv(
      `ma_hoc_sinh,TX1,TX2,TX3,TX4,TX5,GK,CK\n${AN},11,8,,,,9,\n${AN},1,2,3,4,5,,\n${BINH},,,,,,Đ,\n`,
    );
    expect(file.problems).toEqual([]);
    const grade7 = secondaryRulesFor(7);
    if (!grade7.ok) throw new Error('grade 7 is secondary');
    const rules = grade7.rules;
    const checked = checkClassTermMarks(
      { rules, grade: 7, subjectCode: 'TOAN', learners: new Set([AN, BINH]) },
      file.rows.map((r) => r.entry),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => fieldInFile(file, p))).toEqual([
      'rows[2].TX1',
      'rows[3].ma_hoc_sinh',
      // Maths in grade 7 has four regular assessments: the fifth is the one too many.
      'rows[3].TX5',
      'rows[4].GK',
    ]);
  });

  it('reads the first sheet of an XLSX workbook, numbers typed as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bảng điểm');
    ws.addRow(['Sổ điểm môn Toán']);
    ws.addRow(['STT', 'Mã học sinh', 'Họ tên', 'TX1', 'TX2', 'GK', 'CK']);
    ws.addRow([1, AN, 'Nguyễn Văn An', 8.5, 7, 9, 10]);
    const file = await readMarksXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(file.problems).toEqual([]);
    expect(file.rows).toEqual([
      { row: 3, entry: { studentId: AN, regular: ['8.5', '7'], midTerm: '9', endOfTerm: '10' } },
    ]);
    expect((await readMarksXlsx(Buffer.from('not a zip'))).problems).toEqual([
      { field: 'file', message: 'is not an XLSX workbook' },
    ]);
  });
});
