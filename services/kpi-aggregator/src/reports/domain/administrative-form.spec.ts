import {
  administrativeForm,
  placeAndDate,
  placeName,
  schoolAbbreviation,
  type ReportingUnit,
} from './administrative-form';

describe('the administrative form of a report (Decree 30/2020, Appendix I)', () => {
  it.each([
    ['Quảng Ninh', '2026-01-09', 'Quảng Ninh, ngày 09 tháng 01 năm 2026'],
    ['Quảng Ninh', '2026-02-28', 'Quảng Ninh, ngày 28 tháng 02 năm 2026'],
    ['Ba Chẽ', '2026-06-10', 'Ba Chẽ, ngày 10 tháng 6 năm 2026'],
    ['Hạ Long', '2025-12-31', 'Hạ Long, ngày 31 tháng 12 năm 2025'],
    ['Cô Tô', '2026-03-05', 'Cô Tô, ngày 05 tháng 3 năm 2026'],
  ])('%s on %s → %s (leading zero for days below 10 and months 1, 2)', (place, date, text) => {
    expect(placeAndDate(place, date)).toBe(text);
  });

  it.each([
    ['Xã Ba Chẽ', 'Ba Chẽ'],
    ['Phường Hồng Gai', 'Hồng Gai'],
    ['Đặc khu Cô Tô', 'Cô Tô'],
    ['Tỉnh Quảng Ninh', 'Quảng Ninh'],
    ['Móng Cái', 'Móng Cái'],
  ])('place name of %s is %s', (unit, place) => expect(placeName(unit)).toBe(place));

  it.each([
    ['Trường THPT Hòn Gai', 'THPTHG'],
    ['Trường THCS Đông Ngũ', 'THCSĐN'],
    ['Trường Tiểu học Ba Chẽ', 'THBC'],
    ['Trường TH&THCS Quảng Chính', 'TH&THCSQC'],
  ])('symbol abbreviation of %s is %s', (name, abbr) => {
    // "Tiểu học" is written out: its initials T H make the same TH the acronym would.
    expect(schoolAbbreviation(name)).toBe(abbr);
  });

  const cases: Array<[string, ReportingUnit, 'semester-1' | 'year-end', Record<string, unknown>]> = [
    [
      'the department, semester 1 → the Ministry by 30/01',
      { kind: 'province', name: 'Tỉnh Quảng Ninh' },
      'semester-1',
      {
        level: 'department',
        issuingBody: { managing: 'UBND TỈNH QUẢNG NINH', name: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO' },
        numberAndSymbol: 'Số:        /BC-SGDĐT',
        recipient: 'Bộ Giáo dục và Đào tạo',
        dueOn: '2026-01-30',
        signature: { authority: [], title: 'GIÁM ĐỐC' },
      },
    ],
    [
      'the department, year end → the Ministry by 30/06',
      { kind: 'province', name: 'Tỉnh Quảng Ninh' },
      'year-end',
      { recipient: 'Bộ Giáo dục và Đào tạo', dueOn: '2026-06-30' },
    ],
    [
      'a commune, semester 1 → the department by 10/01',
      { kind: 'commune', name: 'Xã Ba Chẽ' },
      'semester-1',
      {
        level: 'commune',
        issuingBody: { managing: null, name: 'ỦY BAN NHÂN DÂN\nXÃ BA CHẼ' },
        numberAndSymbol: 'Số:        /BC-UBND',
        recipient: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh',
        dueOn: '2026-01-10',
        signature: { authority: ['TM. ỦY BAN NHÂN DÂN'], title: 'CHỦ TỊCH' },
      },
    ],
    [
      'a ward, year end → the department by 10/06',
      { kind: 'ward', name: 'Phường Hồng Gai' },
      'year-end',
      { recipient: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh', dueOn: '2026-06-10' },
    ],
    [
      'a school under a commune → the department by 10/01, under the commune’s name',
      { kind: 'school', name: 'Trường THCS Đông Ngũ', parent: { kind: 'commune', name: 'Xã Tiên Yên' } },
      'semester-1',
      {
        level: 'school',
        issuingBody: { managing: 'UBND XÃ TIÊN YÊN', name: 'TRƯỜNG THCS ĐÔNG NGŨ' },
        numberAndSymbol: 'Số:        /BC-THCSĐN',
        dueOn: '2026-01-10',
        signature: { authority: [], title: 'HIỆU TRƯỞNG' },
      },
    ],
    [
      'a school the department manages',
      { kind: 'school', name: 'Trường THPT Hòn Gai', parent: { kind: 'province', name: 'Tỉnh Quảng Ninh' } },
      'year-end',
      {
        issuingBody: { managing: 'SỞ GDĐT QUẢNG NINH', name: 'TRƯỜNG THPT HÒN GAI' },
        dueOn: '2026-06-10',
      },
    ],
  ];
  it.each(cases)('%s', (_, unit, kind, expected) => {
    const form = administrativeForm(unit, kind, '2025-2026', '2026-01-08');
    expect(form).toMatchObject(expected);
    expect(form.type).toBe('BÁO CÁO');
    expect(form.copiesTo[0]).toBe(`${form.recipient} (để báo cáo);`);
    expect(form.copiesTo.at(-1)).toMatch(/^Lưu: VT/);
  });

  it('dates the report where the sender is', () => {
    expect(
      administrativeForm({ kind: 'commune', name: 'Xã Ba Chẽ' }, 'year-end', '2025-2026', '2026-06-09')
        .placeAndDate,
    ).toBe('Ba Chẽ, ngày 09 tháng 6 năm 2026');
    expect(
      administrativeForm({ kind: 'province', name: 'Tỉnh Quảng Ninh' }, 'semester-1', '2025-2026', '2026-01-28')
        .placeAndDate,
    ).toBe('Quảng Ninh, ngày 28 tháng 01 năm 2026');
  });
});
