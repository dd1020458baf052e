import {
  bankPrintedName,
  collectionAccountProblems,
  NAPAS_BANKS,
  normalizeCollectionAccount,
} from './collection-account';

const good = {
  bankBin: '970415',
  accountNumber: '113000123456',
  accountName: 'TRUONG TIEU HOC HONG GAI',
};

describe('school collection account', () => {
  it('accepts a VietinBank account as the bank prints it', () => {
    expect(collectionAccountProblems(good)).toEqual([]);
    expect(NAPAS_BANKS['970415']!.name).toBe('VietinBank');
  });

  it.each([
    ['bankBin', { bankBin: '97041' }],
    ['bankBin', { bankBin: '970499' }], // 6 digits, not a member bank
    ['bankBin', { bankBin: 'VTB' }],
    ['bankBin', { bankBin: undefined }],
    ['accountNumber', { accountNumber: '12345' }],
    ['accountNumber', { accountNumber: '12345678901234567890' }],
    ['accountNumber', { accountNumber: '1130-0012-3456' }],
    ['accountNumber', { accountNumber: 113000123456 }],
    ['accountName', { accountName: 'Trường Tiểu học Hồng Gai' }],
    ['accountName', { accountName: 'truong tieu hoc' }],
    ['accountName', { accountName: 'A' }],
    ['accountName', { accountName: 'X'.repeat(51) }],
    ['accountName', { accountName: 'TRUONG #1' }],
  ])('refuses a bad %s: %j', (field, change) => {
    expect(collectionAccountProblems({ ...good, ...change }).map((p) => p.field)).toEqual([field]);
  });

  it('names every bad field at once', () => {
    expect(
      collectionAccountProblems({ bankBin: '1', accountNumber: 'x', accountName: '' }).map(
        (p) => p.field,
      ),
    ).toEqual(['bankBin', 'accountNumber', 'accountName']);
  });

  it('suggests the printed form of a name with diacritics', () => {
    expect(bankPrintedName('Trường THCS  Đông Mai')).toBe('TRUONG THCS DONG MAI');
    expect(
      collectionAccountProblems({ ...good, accountName: 'Trường THCS Đông Mai' })[0]!.message,
    ).toContain('"TRUONG THCS DONG MAI"');
  });

  it('stores trimmed values with single spaces', () => {
    expect(
      normalizeCollectionAccount({
        bankBin: ' 970415 ',
        accountNumber: '113000123456 ',
        accountName: ' TRUONG  TIEU HOC ',
      }),
    ).toEqual({ bankBin: '970415', accountNumber: '113000123456', accountName: 'TRUONG TIEU HOC' });
  });
});
