import { EntityManager } from 'typeorm';
import { NotFound } from '@qn/contracts';
import type { OfferStatus, WaitingCandidate } from './domain/offer-rules';

export interface OfferRow {
  id: string;
  applicationId: string;
  roundId: string;
  schoolId: string;
  wishRank: number;
  status: OfferStatus;
}

export class OfferNotFound extends NotFound {
  constructor(id: string) {
    super('offer-not-found', 'No such offer', `no offer with id ${id}`);
  }
}

/** An offer as families and schools read it (GET /applications/:id/offer). */
export interface OfferView {
  id: string;
  schoolId: string;
  wishRank: number;
  status: OfferStatus;
  madeAt: Date;
}

/** The offers of these applications, by application id (an application has at most one). */
export async function offerViewsOf(
  q: EntityManager,
  applicationIds: string[],
): Promise<Map<string, OfferView>> {
  if (applicationIds.length === 0) return new Map();
  const rows: Array<OfferView & { applicationId: string }> = await q.query(
    `SELECT application_id AS "applicationId", id, school_id AS "schoolId", wish_rank AS "wishRank", status, made_at AS "madeAt"
       FROM offer WHERE application_id = ANY($1::uuid[])`,
    [applicationIds],
  );
  return new Map(rows.map(({ applicationId, ...view }) => [applicationId, view]));
}

/** The offer, locked for the transaction (404 if there is none). */
export async function lockOffer(tx: EntityManager, id: string): Promise<OfferRow> {
  const rows: OfferRow[] = await tx.query(
    `SELECT id, application_id AS "applicationId", round_id AS "roundId", school_id AS "schoolId", wish_rank AS "wishRank", status FROM offer WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!rows[0]) throw new OfferNotFound(id);
  return rows[0];
}

export async function setOfferStatus(
  tx: EntityManager,
  id: string,
  status: OfferStatus,
): Promise<void> {
  await tx.query(`UPDATE offer SET status = $2, decided_at = now() WHERE id = $1`, [id, status]);
}

/** A school's waiting list in order, with each applicant's current offer, locked. */
export function waitingCandidates(
  tx: EntityManager,
  roundId: string,
  schoolId: string,
): Promise<WaitingCandidate[]> {
  return tx.query(
    `SELECT w.application_id AS "applicationId", a.wishes, o.id AS "offerId", o.school_id AS "offerSchoolId", o.status AS "offerStatus"
       FROM waiting_list_entry w JOIN application a ON a.id = w.application_id LEFT JOIN offer o ON o.application_id = w.application_id
      WHERE w.round_id = $1 AND w.school_id = $2 AND a.status = 'active' ORDER BY w.position FOR UPDATE OF w`,
    [roundId, schoolId],
  );
}

/** The applicant's offer moves to the school: a new offer replaces the old, and it leaves that list. */
export async function moveOfferTo(
  tx: EntityManager,
  next: WaitingCandidate,
  offer: { id: string; roundId: string; schoolId: string; wishRank: number; madeAt: Date },
): Promise<void> {
  if (next.offerId) await tx.query(`DELETE FROM offer WHERE id = $1`, [next.offerId]);
  await tx.query(
    `INSERT INTO offer (id, application_id, round_id, school_id, wish_rank, made_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [offer.id, next.applicationId, offer.roundId, offer.schoolId, offer.wishRank, offer.madeAt],
  );
  await tx.query(
    `DELETE FROM waiting_list_entry WHERE round_id = $1 AND application_id = $2 AND school_id = $3`,
    [offer.roundId, next.applicationId, offer.schoolId],
  );
}
