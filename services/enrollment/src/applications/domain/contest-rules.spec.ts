import { decideContest, duplicateOutcome, statusForClaimant } from './contest-rules';

describe('a second application for a child who already applied', () => {
  it('keeps a stranger family’s application as a claim: it gets the same answer as anyone', () => {
    expect(duplicateOutcome({ family: true, guardian: false, hasOpenClaim: false })).toEqual({
      kind: 'claim',
    });
  });

  it('tells the child’s own guardian, who already knows, that the child has applied', () => {
    expect(duplicateOutcome({ family: true, guardian: true, hasOpenClaim: false })).toEqual({
      kind: 'refuse',
      because: 'guardian',
    });
  });

  it('refuses a family’s second claim for the same child: it made the first one', () => {
    expect(duplicateOutcome({ family: true, guardian: false, hasOpenClaim: true })).toEqual({
      kind: 'refuse',
      because: 'own-claim',
    });
  });

  it('refuses duplicates from school desks and portals as before (accountable officials and systems)', () => {
    expect(duplicateOutcome({ family: false, guardian: false, hasOpenClaim: false })).toEqual({
      kind: 'refuse',
      because: 'not-a-family',
    });
  });
});

describe('the school decides a contest', () => {
  const open = {
    claimStatus: 'contested',
    existingStatus: 'active',
    roundPublished: false,
  } as const;

  it('keeping the claim makes it the child’s application and refuses the contested one', () => {
    expect(decideContest(open, 'claim')).toEqual({
      ok: true,
      claim: 'active',
      existing: 'refused',
    });
  });

  it('keeping the existing application refuses the claim and leaves the other untouched', () => {
    expect(decideContest(open, 'existing')).toEqual({
      ok: true,
      claim: 'refused',
      existing: 'unchanged',
    });
  });

  it('a claim whose rival was withdrawn meanwhile simply becomes active', () => {
    expect(decideContest({ ...open, existingStatus: 'withdrawn' }, 'claim')).toEqual({
      ok: true,
      claim: 'active',
      existing: 'unchanged',
    });
  });

  it('decides a claim once only, and never after the results are published', () => {
    expect(decideContest({ ...open, claimStatus: 'refused' }, 'claim')).toEqual({
      ok: false,
      reason: 'not-contested',
    });
    expect(decideContest({ ...open, claimStatus: 'active' }, 'existing')).toEqual({
      ok: false,
      reason: 'not-contested',
    });
    expect(decideContest({ ...open, roundPublished: true }, 'claim')).toEqual({
      ok: false,
      reason: 'round-published',
    });
  });

  it('shows the family its claim as submitted while the school checks, and the decision after', () => {
    expect(statusForClaimant('contested')).toBe('active');
    expect(statusForClaimant('refused')).toBe('refused');
    expect(statusForClaimant('withdrawn')).toBe('withdrawn');
  });
});
