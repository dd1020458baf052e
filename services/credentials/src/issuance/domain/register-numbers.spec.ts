import {
  entryNumberText,
  graduationYearOf,
  issuedRegisterCode,
  serialNumberText,
  STATUS_SLOTS,
  statusIndexOfSlot,
} from './register-numbers';

describe('register numbers', () => {
  it('takes the graduation year from the school year', () => {
    expect(graduationYearOf('2025-2026')).toBe(2026);
    expect(() => graduationYearOf('2025-2027')).toThrow(RangeError);
    expect(() => graduationYearOf('2025')).toThrow(RangeError);
  });

  it('names one book per authority, kind and year, and numbers entries within it', () => {
    const code = issuedRegisterCode('upper-secondary-diploma', 2026, 'QN');
    expect(code).toBe('THPT-2026-QN');
    expect(entryNumberText(12, code)).toBe('00012/THPT-2026-QN');
    expect(issuedRegisterCode('lower-secondary-diploma', 2026, 'HL-BC')).toBe('THCS-2026-HL-BC');
    expect(() => entryNumberText(0, code)).toThrow(RangeError);
  });

  it('gives serials unique per kind and year', () => {
    expect(serialNumberText('upper-secondary-diploma', 2026, 12)).toBe('QN-THPT-2026-000012');
    expect(serialNumberText('lower-secondary-diploma', 2026, 12)).toBe('QN-THCS-2026-000012');
    expect(() => serialNumberText('lower-secondary-diploma', 2026, 0)).toThrow(RangeError);
  });

  it('spreads status indexes over the whole list without ever repeating one', () => {
    const seen = new Uint8Array(STATUS_SLOTS);
    for (let slot = 0; slot < STATUS_SLOTS; slot++) {
      const i = statusIndexOfSlot(slot);
      expect(seen[i]).toBe(0);
      seen[i] = 1;
    }
    // Consecutive credentials land far apart.
    expect(Math.abs(statusIndexOfSlot(1) - statusIndexOfSlot(2))).toBeGreaterThan(1000);
    expect(() => statusIndexOfSlot(STATUS_SLOTS)).toThrow(RangeError);
  });
});
