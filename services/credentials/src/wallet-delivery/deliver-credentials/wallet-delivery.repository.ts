import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Deliverable {
  credentialId: string;
  learnerId: string;
  document: object;
  attempts: number;
}

/** Which current credentials still have to reach their holder's wallet, and what happened. */
@Injectable()
export class WalletDeliveryRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Current versions of valid diplomas of known learners, never tried or due again, oldest first. */
  async due(limit: number, now: Date): Promise<Deliverable[]> {
    return this.ds.query(
      `SELECT c.id AS "credentialId", e.learner_id AS "learnerId", c.document,
              COALESCE(d.attempts, 0) AS attempts
         FROM credential c JOIN register_entry e ON e.id = c.entry_id
         LEFT JOIN wallet_delivery d ON d.credential_id = c.id
        WHERE c.superseded_at IS NULL AND e.learner_id IS NOT NULL AND e.status = 'valid'
          AND (d.credential_id IS NULL OR (d.state = 'retrying' AND d.next_attempt_at <= $2))
        ORDER BY c.issued_at, c.id LIMIT $1`,
      [limit, now],
    );
  }

  async record(
    d: Deliverable,
    outcome: {
      state: 'delivered' | 'refused' | 'retrying';
      code: string | null;
      nextAttemptAt: Date | null;
    },
    at: Date,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO wallet_delivery (credential_id, learner_id, state, attempts, last_error, next_attempt_at,
         delivered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $3 = 'delivered' THEN $7::timestamptz END, $7)
       ON CONFLICT (credential_id) DO UPDATE SET state = EXCLUDED.state, attempts = EXCLUDED.attempts,
         last_error = EXCLUDED.last_error, next_attempt_at = EXCLUDED.next_attempt_at,
         delivered_at = EXCLUDED.delivered_at, updated_at = EXCLUDED.updated_at`,
      [
        d.credentialId,
        d.learnerId,
        outcome.state,
        d.attempts + 1,
        outcome.code,
        outcome.nextAttemptAt,
        at,
      ],
    );
  }
}
