import fc from 'fast-check';
import { formatScore, formatScoreVi, parseScore, Tenths, tenths } from './score';

const parsed = (raw: string) => {
  const r = parseScore(raw, 'f');
  return r.ok ? r.value : r.problems.map((p) => p.code);
};

describe('parseScore (Thông tư 22 Điều 5: thang điểm 10, một chữ số thập phân)', () => {
  it.each([
    ['0', 0],
    ['8', 80],
    ['8.5', 85],
    ['10', 100],
    ['10.0', 100],
    ['0.1', 1],
    ['9.9', 99],
    [' 7.5 ', 75],
  ])('reads %p as %p tenths', (raw, t) => expect(parsed(raw)).toBe(t));

  it('accepts the comma Vietnamese teachers write as decimal separator ("8,5")', () => {
    expect(parsed('8,5')).toBe(85);
    expect(parsed('10,0')).toBe(100);
  });

  it.each([
    ['8.55', 'score.tooManyDecimals'],
    ['4,35', 'score.tooManyDecimals'],
    ['11', 'score.outOfRange'],
    ['10.5', 'score.outOfRange'],
    ['100', 'score.outOfRange'],
    ['-1', 'score.outOfRange'],
    ['-0.5', 'score.outOfRange'],
    ['', 'score.empty'],
    ['   ', 'score.empty'],
    ['8.', 'score.format'],
    ['.5', 'score.format'],
    ['08', 'score.format'],
    ['8a', 'score.format'],
    ['1e1', 'score.format'],
    ['8 5', 'score.format'],
    ['Đ', 'score.format'],
    ['８', 'score.format'],
  ])('rejects %p with %p', (raw, code) => expect(parsed(raw)).toEqual([code]));

  it('takes spreadsheet numbers through String(n): 8.5 is read, 8.55 is refused, not rounded', () => {
    expect(parsed(String(8.5))).toBe(85);
    expect(parsed(String(8.55))).toEqual(['score.tooManyDecimals']);
    expect(parsed(String(10))).toBe(100);
  });

  it('reports the field it was given', () => {
    const r = parseScore('x', 'regular[2]');
    expect(r.ok ? null : r.problems[0].field).toBe('regular[2]');
  });

  it('round-trips every score 0.0..10.0 through both formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (n) => {
        const t = tenths(n);
        expect(parsed(formatScore(t))).toBe(n);
        expect(parsed(formatScoreVi(t))).toBe(n);
      }),
    );
  });
});

describe('formatScore', () => {
  it('drops a zero tenth in the API form and keeps one decimal with a comma in the printed form', () => {
    expect(formatScore(80 as Tenths)).toBe('8');
    expect(formatScore(85 as Tenths)).toBe('8.5');
    expect(formatScore(100 as Tenths)).toBe('10');
    expect(formatScore(0 as Tenths)).toBe('0');
    expect(formatScoreVi(80 as Tenths)).toBe('8,0');
    expect(formatScoreVi(5 as Tenths)).toBe('0,5');
  });

  it('tenths() refuses anything that is not a score', () => {
    expect(() => tenths(101)).toThrow(RangeError);
    expect(() => tenths(-1)).toThrow(RangeError);
    expect(() => tenths(8.5)).toThrow(RangeError);
  });
});
