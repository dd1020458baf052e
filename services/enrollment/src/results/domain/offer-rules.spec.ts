import { Conflict } from '@qn/contracts';
import { checkOfferMove, nextOnWaitingList, WaitingCandidate } from './offer-rules';

describe('offer rules', () => {
  it('moves an offer only from the state it is in', () => {
    expect(() => checkOfferMove('offered', 'offered', 'accepted')).not.toThrow();
    expect(() => checkOfferMove('declined', 'accepted', 'confirmed')).toThrow(Conflict);
  });

  const candidate = (c: Partial<WaitingCandidate>): WaitingCandidate => ({
    applicationId: 'x',
    wishes: ['s1', 's2', 's3'],
    offerId: null,
    offerSchoolId: null,
    offerStatus: null,
    ...c,
  });

  it('offers a freed place to the first on the list who would rather be there', () => {
    const list = [
      candidate({ applicationId: 'confirmed', offerSchoolId: 's3', offerStatus: 'confirmed' }),
      candidate({ applicationId: 'better-placed', offerSchoolId: 's1', offerStatus: 'offered' }),
      candidate({ applicationId: 'wants-it', offerSchoolId: 's3', offerStatus: 'accepted' }),
      candidate({ applicationId: 'unplaced' }),
    ];
    expect(nextOnWaitingList(list, 's2')?.applicationId).toBe('wants-it');
    expect(nextOnWaitingList(list.slice(0, 2), 's2')).toBeUndefined();
  });
});
