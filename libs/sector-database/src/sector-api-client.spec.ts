import { parseBatchAnswers } from './sector-api-client';

describe('a batch’s answers from the sector database', () => {
  it('maps statuses and upper-snake reasons; an unknown reason is other', () => {
    expect(
      parseBatchAnswers(
        {
          results: [
            { ref: 'a', status: 'ACCEPTED' },
            { ref: 'b', status: 'REJECTED', reason: 'UNKNOWN_LEARNER' },
            { ref: 'c', status: 'REJECTED', reason: 'SOMETHING_NEW' },
          ],
        },
        ['unknown-learner', 'other'] as const,
      ),
    ).toEqual([
      { ref: 'a', status: 'accepted' },
      { ref: 'b', status: 'rejected', reason: 'unknown-learner' },
      { ref: 'c', status: 'rejected', reason: 'other' },
    ]);
  });

  it('is undefined for a body that is not a batch answer', () => {
    for (const body of [
      undefined,
      {},
      { results: 'x' },
      { results: [{ status: 'ACCEPTED' }] },
      { results: [{ ref: 'a', status: 'MAYBE' }] },
    ])
      expect(parseBatchAnswers(body, ['other'] as const)).toBeUndefined();
  });
});
