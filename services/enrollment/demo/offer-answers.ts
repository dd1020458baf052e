/**
 * What the demo's families and schools do with the offers of a published round (pure, seeded):
 * most families accept and the school confirms (the applicant becomes a student), some accept
 * and wait for the school, a few decline (the place goes down the waiting list), a few have not
 * answered yet.
 */
import { seededRandom } from '@qn/demo-kit';

export type OfferAnswer = 'confirm' | 'accept' | 'decline' | 'pending';

export interface OfferAnswerShares {
  decline: number;
  pending: number;
  /** Accepted by the family, not yet confirmed by the school. */
  accept: number;
}

export const DEMO_OFFER_ANSWER_SHARES: OfferAnswerShares = {
  decline: 0.03,
  pending: 0.04,
  accept: 0.03,
};

/** One answer per applicant, in the order given (the applications' order of submission). */
export function planOfferAnswers(
  count: number,
  seed: number,
  shares: OfferAnswerShares = DEMO_OFFER_ANSWER_SHARES,
): OfferAnswer[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number`);
  const { decline, pending, accept } = shares;
  if ([decline, pending, accept].some((x) => !(x >= 0)) || decline + pending + accept > 1)
    throw new Error('shares must be non-negative and add up to at most 1');
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const x = rnd();
    if (x < decline) return 'decline';
    if (x < decline + pending) return 'pending';
    if (x < decline + pending + accept) return 'accept';
    return 'confirm';
  });
}

/** The class (lớp) a confirmed student joins: 1A…1D for grade 1, 6A…6D for grade 6. */
export function classNameFor(grade: number, position: number, classes = 4): string {
  return `${grade}${String.fromCharCode(65 + (position % classes))}`;
}
