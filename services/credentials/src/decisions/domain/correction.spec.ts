import { correctionOf, type HolderFacts } from './correction';

const entry: HolderFacts = {
  fullName: 'Vũ Minh Chí',
  dateOfBirth: '2008-01-20',
  placeOfBirth: null,
  gender: 'male',
  ethnicity: 'Kinh',
  classification: null,
};
const TODAY = '2026-12-03';

describe('a correction decision on a register entry', () => {
  it('keeps only the fields whose value changes, with their previous values', () => {
    expect(
      correctionOf(
        entry,
        { fullName: 'Vũ Minh Trí', dateOfBirth: '2008-01-20', placeOfBirth: 'Hạ Long' },
        TODAY,
      ),
    ).toEqual({
      ok: true,
      fields: ['fullName', 'placeOfBirth'],
      next: { fullName: 'Vũ Minh Trí', placeOfBirth: 'Hạ Long' },
      previous: { fullName: 'Vũ Minh Chí', placeOfBirth: null },
    });
  });

  it('does not count a decomposed or spaced copy of the same name as a change', () => {
    const nfd = 'Vũ Minh Chí'.normalize('NFD');
    expect(correctionOf(entry, { fullName: `  ${nfd} ` }, TODAY)).toEqual({
      ok: false,
      errors: [{ field: 'changes', message: 'changes nothing on the entry' }],
    });
  });

  it('stores the corrected name in NFC', () => {
    const r = correctionOf(entry, { fullName: 'Vũ  Minh  Trí'.normalize('NFD') }, TODAY);
    expect(r.ok && r.next.fullName).toBe('Vũ Minh Trí');
    expect(r.ok && r.next.fullName === r.next.fullName!.normalize('NFC')).toBe(true);
  });

  it('refuses an impossible or future date of birth and an empty name, naming the fields only', () => {
    expect(correctionOf(entry, { dateOfBirth: '2008-02-30', fullName: ' ' }, TODAY)).toEqual({
      ok: false,
      errors: [
        { field: 'changes.fullName', message: 'must not be empty' },
        { field: 'changes.dateOfBirth', message: 'must be a past calendar day' },
      ],
    });
    expect(correctionOf(entry, { dateOfBirth: '2027-01-01' }, TODAY).ok).toBe(false);
  });
});
