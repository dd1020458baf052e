import { checkEntryRows, EntryRow, RegisterContext } from './entry-rows';
import { canonicalText, optionalDate, optionalGender, optionalSerial } from './entry-fields';
import { readEntriesCsv } from '../import-entries/entries-file';

const ctx: RegisterContext = {
  schoolName: 'Trường THCS Hạ Long',
  graduationYear: 1998,
  today: '2026-12-03',
};
const none = { entryNumbers: new Set<string>(), serialNumbers: new Set<string>() };

const row = (n: number, cells: EntryRow['cells']): EntryRow => ({
  row: n,
  cells: { so_vao_so: `${n}`, ho_ten: 'Nguyễn Văn An', trang_scan: 'HL-1998/p01', ...cells },
});

describe('register entry fields', () => {
  it('reads dd/mm/yyyy, d/m/yyyy and yyyy-mm-dd, and refuses days that do not exist', () => {
    expect(optionalDate('09/04/1983', '2026-01-01')).toEqual({ ok: true, value: '1983-04-09' });
    expect(optionalDate('9/4/1983', '2026-01-01')).toEqual({ ok: true, value: '1983-04-09' });
    expect(optionalDate('1983-04-09', '2026-01-01')).toEqual({ ok: true, value: '1983-04-09' });
    expect(optionalDate('', '2026-01-01')).toEqual({ ok: true, value: null });
    expect(optionalDate('31/02/1983', '2026-01-01')).toEqual({
      ok: false,
      message: 'is not a calendar day',
    });
    expect(optionalDate('1983/04/09', '2026-01-01').ok).toBe(false);
    expect(optionalDate('04-1983', '2026-01-01').ok).toBe(false);
    expect(optionalDate('01/01/2030', '2026-01-01')).toEqual({
      ok: false,
      message: 'must not be in the future',
    });
  });

  it('reads Nam / Nữ whatever the keyboard or case, blank as unknown', () => {
    expect(optionalGender('Nam')).toEqual({ ok: true, value: 'male' });
    expect(optionalGender('NỮ')).toEqual({ ok: true, value: 'female' });
    // Nữ typed in decomposed form (NFD), as some keyboards do.
    expect(optionalGender('Nu\u031b\u0303')).toEqual({ ok: true, value: 'female' });
    expect(optionalGender(' ')).toEqual({ ok: true, value: null });
    expect(optionalGender('X')).toEqual({ ok: false, message: 'must be Nam or Nữ' });
  });

  it('keeps text in NFC with single spaces, serials upper case, and an unreadable serial as null', () => {
    const nfd = 'Nguye\u0302\u0303n  Va\u0306n   An ';
    expect(canonicalText(nfd)).toBe('Nguyễn Văn An');
    expect(canonicalText(nfd)).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(optionalSerial(' b  0012345 ')).toEqual({ ok: true, value: 'B 0012345' });
    expect(optionalSerial('')).toEqual({ ok: true, value: null });
    expect(optionalSerial('A#1').ok).toBe(false);
  });
});

describe('checkEntryRows', () => {
  it('turns good rows into canonical entries, the register’s school where the row names none', () => {
    const r = checkEntryRows(
      [
        row(2, {
          so_hieu: 'a 001',
          ngay_sinh: '09/04/1983',
          gioi_tinh: 'Nữ',
          ngay_cap: '1998-07-15',
        }),
        row(3, { so_hieu: '', truong: 'Trường THCS Bãi Cháy' }),
      ],
      ctx,
      none,
    );
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      expect.objectContaining({
        row: 2,
        entryNumber: '2',
        serialNumber: 'A 001',
        holderFullName: 'Nguyễn Văn An',
        holderDateOfBirth: '1983-04-09',
        holderGender: 'female',
        schoolName: 'Trường THCS Hạ Long',
        issuedOn: '1998-07-15',
        scanReference: 'HL-1998/p01',
      }),
      expect.objectContaining({ row: 3, serialNumber: null, schoolName: 'Trường THCS Bãi Cháy' }),
    ]);
  });

  it('names every failing row and column, never the value', () => {
    const r = checkEntryRows(
      [
        row(2, { ho_ten: '', ngay_sinh: '31/02/1983', gioi_tinh: 'K' }),
        row(3, { ngay_sinh: '15/08/1999', ngay_cap: '01/07/1998' }),
        row(4, { ngay_cap: '01/07/1990', trang_scan: ' ' }),
      ],
      ctx,
      none,
    );
    expect(r.entries).toEqual([]);
    expect(r.problems).toEqual([
      { field: 'rows[2].ho_ten', message: 'is required' },
      { field: 'rows[2].ngay_sinh', message: 'is not a calendar day' },
      { field: 'rows[2].gioi_tinh', message: 'must be Nam or Nữ' },
      { field: 'rows[3].ngay_sinh', message: 'must be before ngay_cap' },
      { field: 'rows[4].trang_scan', message: 'is required' },
      { field: 'rows[4].ngay_cap', message: "must not be before the register's graduation year" },
    ]);
    expect(JSON.stringify(r.problems)).not.toMatch(/1983|1999|Nguyễn/);
  });

  it('refuses an entry number or serial twice in the file or already stored', () => {
    const r = checkEntryRows(
      [
        row(2, { so_vao_so: '12', so_hieu: 'A1' }),
        row(3, { so_vao_so: '12', so_hieu: 'a1' }),
        row(4, { so_vao_so: '7', so_hieu: 'B9' }),
        row(5, { so_vao_so: '8', so_hieu: '' }),
        row(6, { so_vao_so: '9', so_hieu: '' }),
      ],
      ctx,
      { entryNumbers: new Set(['7']), serialNumbers: new Set(['B9']) },
    );
    expect(r.problems).toEqual([
      { field: 'rows[3].so_vao_so', message: 'repeats row 2' },
      { field: 'rows[3].so_hieu', message: 'repeats row 2' },
      { field: 'rows[4].so_vao_so', message: 'is already in the register' },
      { field: 'rows[4].so_hieu', message: 'is already recorded for a diploma of this kind' },
    ]);
    // Two unreadable serials are no duplicate.
    expect(r.entries.map((e) => e.row)).toEqual([2, 5, 6]);
  });

  it('needs a school when neither the row nor the register names one', () => {
    const r = checkEntryRows([row(2, {})], { ...ctx, schoolName: null }, none);
    expect(r.problems).toEqual([
      { field: 'rows[2].truong', message: 'is required (the register names no school)' },
    ]);
  });
});

describe('readEntriesCsv', () => {
  it('matches Vietnamese headings without marks, numbers rows as the file does, skips blank lines', () => {
    const f = readEntriesCsv(
      '\uFEFFSTT;Số vào sổ;Số hiệu;Họ tên;Ngày sinh;Giới tính;Trang scan\n' +
        '1;12;A1;Lê Thị Hoa;01/02/1983;Nữ;p1\n\n;;;;;;\n' +
        '2;13;;"Trần, Văn B";1983-05-06;Nam;p2\n',
    );
    expect(f.problems).toEqual([]);
    expect(f.rows).toEqual([
      {
        row: 2,
        cells: {
          so_vao_so: '12',
          so_hieu: 'A1',
          ho_ten: 'Lê Thị Hoa',
          ngay_sinh: '01/02/1983',
          gioi_tinh: 'Nữ',
          trang_scan: 'p1',
        },
      },
      expect.objectContaining({
        row: 5,
        cells: expect.objectContaining({ ho_ten: 'Trần, Văn B' }),
      }),
    ]);
  });

  it('names unknown and missing columns', () => {
    const f = readEntriesCsv('so_vao_so,ho_ten,diem\n1,A,9\n');
    expect(f.problems).toEqual([
      { field: 'columns[3]', message: 'is not a column of a register file' },
      { field: 'columns.trang_scan', message: 'is missing' },
    ]);
  });

  it('refuses a file that is not CSV without quoting it', () => {
    const f = readEntriesCsv('so_vao_so,ho_ten,trang_scan\n1,"Nguyễn Văn An,p1\n');
    expect(f.problems).toHaveLength(1);
    expect(f.problems[0]!.field).toBe('file');
    expect(f.problems[0]!.message).not.toContain('Nguyễn');
  });
});
