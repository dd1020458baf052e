import { checkEntryRows } from '../src/registers/domain/entry-rows';
import { readEntriesCsv } from '../src/registers/import-entries/entries-file';
import { historicRegisterCsv } from './historic-register';

describe('the demo’s historic register', () => {
  it('is a file the import takes whole: every row passes its checks', () => {
    const csv = historicRegisterCsv(1998, 32, 'Trường THCS Bãi Cháy', 2025);
    const file = readEntriesCsv(csv);
    expect(file.problems).toEqual([]);
    expect(file.rows).toHaveLength(32);
    const checked = checkEntryRows(
      file.rows,
      { schoolName: 'Trường THCS Bãi Cháy', graduationYear: 1998, today: '2026-12-03' },
      { entryNumbers: new Set(), serialNumbers: new Set() },
    );
    expect(checked.problems).toEqual([]);
    expect(checked.entries).toHaveLength(32);
  });

  it('is the same book for the same seed, and has a few unreadable serials', () => {
    const a = historicRegisterCsv(1998, 32, 'X', 7);
    expect(historicRegisterCsv(1998, 32, 'X', 7)).toBe(a);
    const serials = a
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
    expect(serials.filter((s) => s === '').length).toBeGreaterThan(0);
    expect(serials.filter((s) => s === '').length).toBeLessThan(10);
  });
});
