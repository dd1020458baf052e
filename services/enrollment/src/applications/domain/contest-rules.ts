/**
 * A second application for a child who already has an active one in the round.
 *
 * Answering "this child has already applied" to anyone who types a personal id would tell a
 * stranger that the child exists and applies this year (an oracle). So a family that is not the
 * child's recorded guardian gets the same 201 as any submission: its application is kept as a
 * contested claim (hồ sơ tranh chấp) outside the round, and a school both families applied to,
 * or the department, decides with the documents which family's application stands.
 * Pure: the caller says who sent it and what the register holds.
 */

export type DuplicateOutcome =
  /** 409 with the reason: the sender already knows the child has applied. */
  | { kind: 'refuse'; because: 'guardian' | 'own-claim' | 'not-a-family' }
  /** Kept as a contested claim: the same 201 as any application. */
  | { kind: 'claim' };

export function duplicateOutcome(sender: {
  /** A signed-in family applying online (desks and portals are accountable officials and systems). */
  family: boolean;
  /** The family is a recorded guardian of the child. */
  guardian: boolean;
  /** The family already holds an open claim for the child in this round. */
  hasOpenClaim: boolean;
}): DuplicateOutcome {
  if (!sender.family) return { kind: 'refuse', because: 'not-a-family' };
  if (sender.guardian) return { kind: 'refuse', because: 'guardian' };
  if (sender.hasOpenClaim) return { kind: 'refuse', because: 'own-claim' };
  return { kind: 'claim' };
}

export type ContestKeep = 'claim' | 'existing';

export interface ContestState {
  claimStatus: 'active' | 'withdrawn' | 'contested' | 'refused';
  /** The application the claim contests; it may have been withdrawn meanwhile. */
  existingStatus: 'active' | 'withdrawn' | 'contested' | 'refused';
  roundPublished: boolean;
}

export type ContestDecision =
  | {
      ok: true;
      /** What becomes of the claim and of the application it contested. */
      claim: 'active' | 'refused';
      existing: 'refused' | 'unchanged';
    }
  | { ok: false; reason: 'not-contested' | 'round-published' };

/**
 * The school's decision. Keeping the claim refuses the contested application (its family was
 * found not to be the child's); keeping the existing one refuses the claim. Once results are
 * published the round is fixed: a later dispute is a transfer or an appeal, not this.
 */
export function decideContest(state: ContestState, keep: ContestKeep): ContestDecision {
  if (state.claimStatus !== 'contested') return { ok: false, reason: 'not-contested' };
  if (state.roundPublished) return { ok: false, reason: 'round-published' };
  if (keep === 'existing') return { ok: true, claim: 'refused', existing: 'unchanged' };
  return {
    ok: true,
    claim: 'active',
    existing: state.existingStatus === 'active' ? 'refused' : 'unchanged',
  };
}

/**
 * The status a family sees on its own claim: the same as any submitted application while the
 * school checks, so the answer reveals nothing the family did not type; the school's decision is
 * shown once made.
 */
export const statusForClaimant = (status: ContestState['claimStatus']) =>
  status === 'contested' ? 'active' : status;
