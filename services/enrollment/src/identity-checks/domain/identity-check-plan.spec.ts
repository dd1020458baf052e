import {
  chunks,
  countResults,
  isDue,
  parseRef,
  queryRef,
  sealingContext,
} from './identity-check-plan';

describe('identity check plan', () => {
  const now = new Date('2026-10-01T00:00:00Z');
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const person = (
    identityResult: 'verified' | 'mismatch' | 'not-found' | null,
    at: Date | null,
  ) => ({
    kind: 'student' as const,
    id: 'x',
    identityResult,
    identityCheckedAt: at,
  });

  it('checks the never checked, the not verified, and the verified long ago', () => {
    expect(isDue(person(null, null), now, 365)).toBe(true);
    expect(isDue(person('mismatch', days(1)), now, 365)).toBe(true);
    expect(isDue(person('not-found', days(1)), now, 365)).toBe(true);
    expect(isDue(person('verified', days(365)), now, 365)).toBe(false);
    expect(isDue(person('verified', days(366)), now, 365)).toBe(true);
  });

  it('seals and refers with kind:id', () => {
    expect(sealingContext('student', 'a')).toBe('student:a');
    expect(sealingContext('staff', 'b')).toBe('staff:b');
    expect(parseRef(queryRef('staff', 'b'))).toEqual({ kind: 'staff', id: 'b' });
    expect(() => parseRef('teacher:1')).toThrow();
  });

  it('splits into chunks of at most the batch size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });

  it('counts results, unchecked for never checked', () => {
    expect(countResults(['verified', 'verified', 'mismatch', 'not-found', null])).toEqual({
      verified: 2,
      mismatch: 1,
      notFound: 1,
      unchecked: 1,
      total: 5,
    });
  });
});
