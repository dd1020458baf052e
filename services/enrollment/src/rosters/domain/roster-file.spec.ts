import { foldHeader, parseDay, readRosterSheets, sheetOf } from './roster-file';

// 12-digit ids: province 022 (Quảng Ninh), digit 4 = sex and century (2 male / 3 female, 2000s),
// digits 5-6 = year of birth.
const BOY_2015 = '022215000123';
const GIRL_2015 = '022315000456';
const TEACHER_1985 = '022085001111'; // male, 1985

const learnersHeader = [
  'Mã định danh',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Dân tộc',
  'Khối',
  'Lớp',
];

describe('roster file', () => {
  it('reads sheets by the sector database headings or snake_case names, NFC, dd/mm/yyyy', () => {
    const { rows, problems } = readRosterSheets({
      learners: [
        learnersHeader,
        [BOY_2015, 'Nguyễn  Văn An', '05/03/2015', 'Nam', 'Kinh', '5', '5A'],
        // decomposed "ữ" (NFD) as some exports write it
        [
          GIRL_2015,
          'Trần Thị Bình'.normalize('NFD'),
          '2015-11-30',
          'Nữ'.normalize('NFD'),
          'Tày',
          '5',
          '',
        ],
        ['', '', '', '', '', '', ''],
      ],
      staff: [
        ['personal_id', 'full_name', 'date_of_birth', 'gender', 'role', 'account'],
        [TEACHER_1985, 'Lê Văn Cường', '01/02/1985', 'nam', 'Giáo viên', 'gv.cuong'],
      ],
    });
    expect(problems).toEqual([]);
    expect(rows.learners).toEqual([
      {
        row: 2,
        personalId: BOY_2015,
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '2015-03-05',
        gender: 'male',
        ethnicity: 'Kinh',
        grade: 5,
        className: '5A',
        guardianAccount: null,
      },
      expect.objectContaining({
        row: 3,
        fullName: 'Trần Thị Bình',
        gender: 'female',
        className: null,
      }),
    ]);
    expect(rows.learners[1].fullName).toBe('Trần Thị Bình'.normalize('NFC'));
    expect(rows.staff).toEqual([
      expect.objectContaining({
        row: 2,
        role: 'teacher',
        account: 'gv.cuong',
        dateOfBirth: '1985-02-01',
      }),
    ]);
  });

  it('names the sheet, row and column of every problem, never the value', () => {
    const { rows, problems } = readRosterSheets({
      learners: [
        learnersHeader,
        // id says born 2015, date says 2016
        [BOY_2015, 'Nguyễn Văn An', '05/03/2016', 'Nam', 'Kinh', '5', '5A'],
        // id says female (digit 4 = 3), gender says male
        [GIRL_2015, 'Trần Văn Bình', '05/03/2015', 'Nam', 'Kinh', '5', '5A'],
        // 30 February; grade 13
        ['022215000789', 'Phạm An', '30/02/2015', 'Nam', 'Kinh', '13', '5A'],
        // not a province code, empty name
        ['999215000789', '', '01/01/2015', 'Nam', 'Kinh', '5', '5A'],
      ],
    });
    expect(rows.learners).toEqual([]);
    const seen = problems.map((p) => `${p.sheet}:${p.row}:${p.field}:${p.code}`);
    expect(seen).toEqual([
      'learners:2:personal_id:personal-id',
      'learners:3:personal_id:personal-id',
      'learners:4:date_of_birth:invalid',
      'learners:4:grade:invalid',
      'learners:5:full_name:required',
    ]);
    expect(problems[0].message).toMatch(/2015, not 2016/);
    expect(problems[1].message).toMatch(/other gender/);
    for (const p of problems) expect(p.message).not.toMatch(/\d{12}/);
  });

  it('reports missing required columns once, on the header row', () => {
    const { problems } = readRosterSheets({
      learners: [
        ['ho_ten', 'ngay_sinh'],
        ['An', '01/01/2015'],
      ],
    });
    expect(problems.map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual([
      '1:personal_id:missing-column',
      '1:gender:missing-column',
      '1:ethnicity:missing-column',
      '1:grade:missing-column',
    ]);
  });

  it('reports duplicates within the file: the same person, class, or class and subject', () => {
    const { problems } = readRosterSheets({
      classes: [
        ['class', 'grade'],
        ['5A', '5'],
        ['5 a', '5'],
        ['5A', '5'],
      ],
      learners: [
        learnersHeader,
        [BOY_2015, 'Nguyễn Văn An', '05/03/2015', 'Nam', 'Kinh', '5', '5A'],
        [BOY_2015, 'Nguyễn Văn An', '05/03/2015', 'Nam', 'Kinh', '5', '5A'],
      ],
      assignments: [
        ['class', 'subject', 'teacher_personal_id'],
        ['5A', 'toan', TEACHER_1985],
        ['5A', 'TOAN', TEACHER_1985],
      ],
    });
    // Class names compare without case or spaces: "5 a" is 5A.
    expect(problems.map((p) => `${p.sheet}:${p.row}:${p.code}:${p.message}`)).toEqual([
      'classes:3:duplicate:the class is already on row 2',
      'classes:4:duplicate:the class is already on row 2',
      'learners:3:duplicate:this person is already on row 2',
      'assignments:3:duplicate:this class and subject is already on row 2',
    ]);
  });

  it('knows sheet names with or without accents, and real calendar days only', () => {
    expect(sheetOf('HocSinh')).toBe('learners');
    expect(sheetOf('Học sinh')).toBe('learners');
    expect(sheetOf('Phân công')).toBe('assignments');
    expect(sheetOf('Sheet1')).toBeUndefined();
    expect(foldHeader('Mã định danh GVCN')).toBe('madinhdanhgvcn');
    expect(parseDay('29/02/2016')).toBe('2016-02-29');
    expect(parseDay('29/02/2015')).toBeUndefined();
    expect(parseDay('2015-13-01')).toBeUndefined();
    expect(parseDay('1/9/2025')).toBe('2025-09-01');
  });
});
