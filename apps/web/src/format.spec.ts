import { baselineOf } from './dashboard/baseline';
import { formatDate, formatGap, formatPeriod, formatValue } from './format';
import { STATUS_DISPLAY, statusDisplay } from './status';
import { sortAndFilter, UnitRow } from './dashboard/units';
import { readView, writeView } from './dashboard/view-state';

describe('Vietnamese formats (vi-VN)', () => {
  it.each([
    [93.4, 'percent', '93,4 %'],
    [100, 'percent', '100,0 %'],
    [1234567, 'vnd', '1.234.567 đ'],
    [1234567, 'count', '1.234.567'],
    [0.75, 'ratio', '0,75'],
    [null, 'percent', '—'],
  ])('%s %s → %s', (v, unit, text) => {
    expect(formatValue(v, unit)).toBe(text);
  });
  it.each([
    [-2.5, 'percent', '−2,5 điểm %'],
    [2.5, 'percent', '+2,5 điểm %'],
    [null, 'percent', '—'],
  ])('gap %s → %s', (g, unit, text) => expect(formatGap(g, unit)).toBe(text));
  it('dates and periods', () => {
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
    expect(formatPeriod('2025-2026')).toBe('năm học 2025–2026');
    expect(formatPeriod('HK2-2025-2026')).toBe('học kỳ II năm học 2025–2026');
    expect(formatPeriod('2025')).toBe('năm 2025');
    expect(formatPeriod('2025-12-31')).toBe('ngày 31/12/2025');
  });
});

describe('status display', () => {
  it('knows every code the API sends', () => {
    for (const code of [
      'completed',
      'mostly-completed',
      'not-completed',
      'on-track',
      'behind',
      'in-progress',
      'no-data',
      'no-target',
    ] as const) {
      expect(STATUS_DISPLAY[code]).toBeDefined();
    }
    expect(statusDisplay('completed').label).toBe('Hoàn thành');
    expect(statusDisplay('mostly-completed').label).toBe('Cơ bản hoàn thành');
    expect(statusDisplay('not-completed').label).toBe('Chưa hoàn thành');
    expect(statusDisplay('on-track').label).toBe('Đang thực hiện – đúng tiến độ');
    expect(statusDisplay('behind').label).toBe('Đang thực hiện – chậm tiến độ');
    expect(statusDisplay('in-progress').label).toBe('Đang thực hiện');
  });
  it('shows an unknown code with the API’s label', () => {
    expect(statusDisplay('new-code', 'Nhãn mới').label).toBe('Nhãn mới');
  });
});

describe('units: sort and filter', () => {
  const row = (
    name: string,
    value: number | null,
    gap: number | null,
    status: UnitRow['cell'] extends infer C ? (C extends { status: infer S } ? S : never) : never,
  ): UnitRow => ({
    id: name,
    name,
    kind: 'commune',
    gap,
    cell: {
      numerator: 0,
      denominator: 0,
      value,
      contributors: 0,
      target: 100,
      expected: 100,
      deadline: '2025-12-31',
      final: true,
      baseline: null,
      status,
      statusLabel: { vi: status, en: status },
    },
  });
  const rows = [
    row('Xã B', 80, -20, 'not-completed'),
    row('Phường A', 95, -5, 'behind'),
    row('Xã Ă', null, null, 'no-data'),
  ];
  it.each([
    ['gap', null, ['Xã B', 'Phường A', 'Xã Ă']],
    ['value', null, ['Phường A', 'Xã B', 'Xã Ă']],
    ['name', null, ['Phường A', 'Xã Ă', 'Xã B']],
    ['gap', 'behind', ['Phường A']],
  ] as const)('sort %s, status %s', (sort, status, names) => {
    expect(sortAndFilter(rows, sort, status).map((r) => r.name)).toEqual(names);
  });
});

describe('the view in the address', () => {
  it('round-trips, leaving defaults out', () => {
    const v = readView(
      new URLSearchParams(
        'indicator=X&unit=u&period=2025-2026&segment=urban&sort=value&status=behind',
      ),
    );
    expect(writeView(v).toString()).toBe(
      'indicator=X&unit=u&period=2025-2026&segment=urban&sort=value&status=behind',
    );
    expect(writeView(readView(new URLSearchParams('sort=bogus'))).toString()).toBe('');
  });
});

describe('the baseline shown beside a value', () => {
  const indicator = {
    baselines: [
      { period: '2023', segment: 'urban', value: 80, sourceDoc: null },
      { period: '2024', segment: 'urban', value: 86.45, sourceDoc: null },
      { period: '2024', segment: null, value: 70, sourceDoc: null },
    ],
  } as unknown as Parameters<typeof baselineOf>[0];
  it.each([
    ['urban', { value: 86.45, period: '2024' }],
    ['rural', { value: 70, period: '2024' }],
    [null, { value: 70, period: '2024' }],
  ])('segment %s', (segment, want) => expect(baselineOf(indicator, segment)).toEqual(want));
  it('none in the catalogue: none shown', () => {
    expect(baselineOf(undefined, null)).toBeNull();
  });
});
