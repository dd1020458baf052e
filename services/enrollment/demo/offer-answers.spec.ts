import { classNameFor, planOfferAnswers } from './offer-answers';

describe('demo offer answers', () => {
  it('are reproducible from the seed and mostly confirmations', () => {
    const a = planOfferAnswers(1000, 2027);
    expect(planOfferAnswers(1000, 2027)).toEqual(a);
    expect(planOfferAnswers(1000, 2028)).not.toEqual(a);
    const count = (k: string) => a.filter((x) => x === k).length;
    expect(count('confirm')).toBeGreaterThan(850);
    for (const k of ['decline', 'pending', 'accept']) {
      expect(count(k)).toBeGreaterThan(10);
      expect(count(k)).toBeLessThan(70);
    }
  });

  it('follows the shares given, including none and all', () => {
    expect(planOfferAnswers(50, 1, { decline: 0, pending: 0, accept: 0 })).toEqual(
      Array(50).fill('confirm'),
    );
    expect(planOfferAnswers(50, 1, { decline: 1, pending: 0, accept: 0 })).toEqual(
      Array(50).fill('decline'),
    );
    expect(planOfferAnswers(0, 1)).toEqual([]);
  });

  it('refuses impossible shares and counts', () => {
    expect(() => planOfferAnswers(10, 1, { decline: 0.6, pending: 0.6, accept: 0 })).toThrow();
    expect(() => planOfferAnswers(10, 1, { decline: -0.1, pending: 0, accept: 0 })).toThrow();
    expect(() => planOfferAnswers(-1, 1)).toThrow();
  });

  it('names classes by grade', () => {
    expect([0, 1, 2, 3, 4].map((i) => classNameFor(6, i))).toEqual(['6A', '6B', '6C', '6D', '6A']);
  });
});
