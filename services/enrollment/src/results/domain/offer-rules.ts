/**
 * An offer's life (pure): offered → the family accepts (or declines) → the school confirms the
 * enrollment. A declined place goes down the school's waiting list.
 */
import { Conflict } from '@qn/contracts';

export type OfferStatus = 'offered' | 'accepted' | 'declined' | 'confirmed';

/** Refuses a move from a state the offer is not in. */
export function checkOfferMove(current: OfferStatus, from: OfferStatus, to: OfferStatus): void {
  if (current !== from)
    throw new Conflict(
      'offer-state',
      `The offer is ${current}`,
      `only an ${from} offer can become ${to}`,
    );
}

export interface WaitingCandidate {
  applicationId: string;
  wishes: string[];
  offerId: string | null;
  offerSchoolId: string | null;
  offerStatus: string | null;
}

/**
 * The first applicant on a school's waiting list (in order) who would rather be at that school
 * than where they are: one with no offer, or an open offer from a school wished lower.
 */
export function nextOnWaitingList(
  candidates: WaitingCandidate[],
  schoolId: string,
): WaitingCandidate | undefined {
  return candidates.find((c) => {
    if (c.offerStatus === 'declined' || c.offerStatus === 'confirmed') return false;
    return (
      c.offerSchoolId === null || c.wishes.indexOf(schoolId) < c.wishes.indexOf(c.offerSchoolId)
    );
  });
}
