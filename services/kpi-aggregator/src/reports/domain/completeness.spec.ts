import { completeness, mustReportToDepartment, type ReportingUnit } from './completeness';

const unit = (id: string, name: string, kind = 'ward', parentName: string | null = 'Hạ Long') =>
  ({ id, code: id.toUpperCase(), name, kind, parentName }) as ReportingUnit;

describe('completeness of the units’ reports', () => {
  const due = { dueOn: '2026-01-10' };
  const units = [
    unit('a', 'Phường Hồng Gai'),
    unit('b', 'Phường Bãi Cháy'),
    unit('c', 'Xã Ba Chẽ', 'commune', 'Ba Chẽ'),
    unit('d', 'Đặc khu Cô Tô', 'special-zone', null),
  ];

  it('lists the units that have not reported, by parent then name in Vietnamese order', () => {
    const r = completeness(
      units,
      [{ orgUnitId: 'b', submittedAt: new Date('2026-01-05T02:00:00Z') }],
      due,
      '2026-01-06',
    );
    expect(r).toMatchObject({
      expected: 4,
      submitted: 1,
      onTime: 1,
      late: 0,
      ratePercent: 25,
      overdue: false,
    });
    expect(r.missing.map((u) => u.id)).toEqual(['d', 'c', 'a']); // '' < 'Ba Chẽ' < 'Hạ Long'
  });

  it('counts a report late by the local date in Vietnam, and the first submission only', () => {
    const r = completeness(
      units,
      [
        // 10 Jan 23:30 in Vietnam = 10 Jan 16:30 UTC: on time
        { orgUnitId: 'a', submittedAt: new Date('2026-01-10T16:30:00Z') },
        // 11 Jan 00:30 in Vietnam = 10 Jan 17:30 UTC: late
        { orgUnitId: 'b', submittedAt: new Date('2026-01-10T17:30:00Z') },
        // resubmitted after the deadline: the first (on time) counts
        { orgUnitId: 'c', submittedAt: new Date('2026-01-20T01:00:00Z') },
        { orgUnitId: 'c', submittedAt: new Date('2026-01-02T01:00:00Z') },
      ],
      due,
      '2026-01-21',
    );
    expect(r).toMatchObject({ submitted: 3, onTime: 2, late: 1, overdue: true });
    expect(r.lateUnits.map((u) => u.id)).toEqual(['b']);
    expect(r.missing.map((u) => u.id)).toEqual(['d']);
    expect(r.ratePercent).toBe(75);
  });

  it('has no rate when nobody is expected, and ignores submissions of units not expected', () => {
    const r = completeness([], [{ orgUnitId: 'x', submittedAt: new Date() }], due, '2026-01-01');
    expect(r).toMatchObject({ expected: 0, submitted: 0, ratePercent: null, missing: [] });
  });

  it('expects communes, wards, special zones, THPT schools and GDTX centres to report', () => {
    expect(mustReportToDepartment(unit('a', 'x', 'commune'))).toBe(true);
    expect(mustReportToDepartment(unit('a', 'x', 'special-zone'))).toBe(true);
    expect(
      mustReportToDepartment({ ...unit('a', 'x', 'school'), levels: ['upper-secondary'] }),
    ).toBe(true);
    expect(mustReportToDepartment({ ...unit('a', 'x', 'school'), levels: ['continuing'] })).toBe(
      true,
    );
    expect(mustReportToDepartment({ ...unit('a', 'x', 'school'), levels: ['primary'] })).toBe(
      false,
    );
    expect(mustReportToDepartment(unit('a', 'x', 'district'))).toBe(false);
    expect(mustReportToDepartment(unit('a', 'x', 'province'))).toBe(false);
  });
});
