import { inForceOn, nameOn } from './unit-dates';

describe("a unit's dates in the registry copy", () => {
  const renamed = {
    name: 'Trường Tiểu học Hà Tu',
    versions: [
      {
        validFrom: '1990-09-01',
        validTo: '2025-07-01',
        parentId: null,
        name: 'Trường Tiểu học Hà Phong',
      },
      { validFrom: '2025-07-01', validTo: null, parentId: null, name: 'Trường Tiểu học Hà Tu' },
    ],
  };

  it('is in force from its first day up to, not including, its end', () => {
    expect(inForceOn({ validFrom: '2025-07-01', validTo: null }, '2025-07-01')).toBe(true);
    expect(inForceOn({ validFrom: '2025-07-01', validTo: null }, '2025-06-30')).toBe(false);
    expect(inForceOn({ validFrom: '2020-01-01', validTo: '2025-07-01' }, '2025-07-01')).toBe(false);
  });

  it('has the name of the version in force that day', () => {
    expect(nameOn(renamed, '2025-06-30')).toBe('Trường Tiểu học Hà Phong');
    expect(nameOn(renamed, '2025-07-01')).toBe('Trường Tiểu học Hà Tu');
  });

  it('keeps the last name of a unit closed by then, and has none for one the copy does not know', () => {
    const closed = {
      name: 'Trường cũ',
      versions: [
        { validFrom: '2000-01-01', validTo: '2024-01-01', parentId: null, name: 'Trường cũ' },
      ],
    };
    expect(nameOn(closed, '2026-01-01')).toBe('Trường cũ');
    expect(nameOn(undefined, '2026-01-01')).toBeNull();
  });
});
