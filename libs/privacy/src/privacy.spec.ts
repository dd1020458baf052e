import { checkPersonalId, maskPersonalId } from './personal-id';
import { PersonalDataProtector } from './protector';

describe('personal identification number', () => {
  it.each([
    ['022308001234', '2008-03-15'], // Quảng Ninh, female, born 2008
    ['022218012345', '2018-01-02'], // male, born 2018
    ['001085000001', '1985-06-30'], // Hà Nội, male, born 1985
  ])('accepts %s born %s', (pid, dob) => {
    expect(checkPersonalId(pid, dob)).toEqual({ ok: true });
  });

  it.each([
    ['02230800123', undefined, 'must be exactly 12 digits'],
    ['02230800123a', undefined, 'must be exactly 12 digits'],
    ['097308001234', undefined, 'digits 1-3 are not a province code (001-096)'],
    ['000308001234', undefined, 'digits 1-3 are not a province code (001-096)'],
    ['022308001234', '2009-03-15', 'digits 4-6 encode a birth year of 2008, not 2009'],
    ['022008001234', '2008-03-15', 'digits 4-6 encode a birth year of 1908, not 2008'],
  ])('refuses %s (dob %s): %s', (pid, dob, reason) => {
    expect(checkPersonalId(pid, dob)).toEqual({ ok: false, reason });
  });

  it('masks all but the last four digits', () => {
    expect(maskPersonalId('022308001234')).toBe('********1234');
  });
});

describe('PersonalDataProtector', () => {
  const keys = PersonalDataProtector.generateKeys();
  const p = new PersonalDataProtector(keys);

  it('hashes deterministically with its key, and differently with another key', () => {
    expect(p.lookupHash('022308001234')).toBe(p.lookupHash('022308001234'));
    expect(p.lookupHash('022308001234')).not.toBe(p.lookupHash('022308001235'));
    expect(
      new PersonalDataProtector(PersonalDataProtector.generateKeys()).lookupHash('022308001234'),
    ).not.toBe(p.lookupHash('022308001234'));
    expect(p.lookupHash('022308001234')).not.toContain('022308001234');
  });

  it('encrypts with a fresh nonce and decrypts only with the same key and context', () => {
    const a = p.encrypt('022308001234', 'application:1');
    const b = p.encrypt('022308001234', 'application:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('022308001234');
    expect(p.decrypt(a, 'application:1')).toBe('022308001234');
    expect(() => p.decrypt(a, 'application:2')).toThrow();
    expect(() =>
      new PersonalDataProtector(PersonalDataProtector.generateKeys()).decrypt(a, 'application:1'),
    ).toThrow();
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'B' : 'A') + a.slice(-1);
    expect(() => p.decrypt(tampered, 'application:1')).toThrow();
  });

  it('refuses keys of the wrong size', () => {
    expect(
      () => new PersonalDataProtector({ hashKey: 'short', encryptionKey: keys.encryptionKey }),
    ).toThrow(/hash key must be 32 bytes/);
  });
});
