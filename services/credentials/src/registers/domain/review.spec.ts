import { decideReview, StoredEntryFields } from './review';

const current: StoredEntryFields = {
  entryNumber: '12',
  serialNumber: null,
  holderFullName: 'Nguyễn Văn An',
  holderDateOfBirth: '1983-04-09',
  holderPlaceOfBirth: null,
  holderGender: 'male',
  holderEthnicity: null,
  schoolName: 'Trường THCS Hạ Long',
  classification: 'Khá',
  decisionReference: null,
  issuedOn: '1998-07-15',
};
const ctx = { schoolName: 'Trường THCS Hạ Long', graduationYear: 1998, today: '2026-12-03' };

describe('decideReview', () => {
  it('confirms with the corrected fields and their previous values, changed ones only', () => {
    const d = decideReview(
      {
        state: 'confirmed',
        corrections: {
          serialNumber: 'a 0012',
          holderFullName: 'Nguyễn Văn Ân',
          holderDateOfBirth: '19/04/1983',
          classification: 'Khá',
        },
      },
      current,
      ctx,
    );
    expect(d).toEqual({
      ok: true,
      state: 'confirmed',
      note: null,
      changes: {
        serialNumber: 'A 0012',
        holderFullName: 'Nguyễn Văn Ân',
        holderDateOfBirth: '1983-04-19',
      },
      previous: {
        serialNumber: null,
        holderFullName: 'Nguyễn Văn An',
        holderDateOfBirth: '1983-04-09',
      },
    });
  });

  it('names each bad field, and wants a note for a dispute', () => {
    const d = decideReview(
      {
        state: 'disputed',
        corrections: { holderGender: 'X', scanReference: 'p2', holderFullName: '' },
      },
      current,
      ctx,
    );
    expect(d).toEqual({
      ok: false,
      problems: [
        { field: 'note', message: 'is required when disputing an entry' },
        { field: 'corrections.holderGender', message: 'must be Nam or Nữ' },
        { field: 'corrections.scanReference', message: 'is not a correctable field' },
        { field: 'corrections.holderFullName', message: 'is required' },
      ],
    });
    expect(decideReview({ state: 'maybe' }, current, ctx)).toEqual({
      ok: false,
      problems: [{ field: 'state', message: 'must be confirmed or disputed' }],
    });
  });

  it('refuses a date of birth corrected to after the date of issue', () => {
    const d = decideReview(
      { state: 'confirmed', corrections: { holderDateOfBirth: '2000-01-01' } },
      current,
      ctx,
    );
    expect(d.ok).toBe(false);
  });
});
