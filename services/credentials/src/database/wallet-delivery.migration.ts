import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of each current credential to its holder's wallet (the national identity app): one
 * row per credential once tried — delivered, refused for good (no wallet account), or to retry.
 */
export class CredentialsWalletDelivery1769200000000 implements MigrationInterface {
  name = 'CredentialsWalletDelivery1769200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wallet_delivery (
        credential_id uuid PRIMARY KEY REFERENCES credential (id),
        learner_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('delivered', 'refused', 'retrying')),
        attempts int NOT NULL,
        -- A code from the wallet (never a message that could quote personal data).
        last_error text,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX credential_current ON credential (issued_at) WHERE superseded_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX credential_current`);
    await q.query(`DROP TABLE wallet_delivery`);
  }
}
