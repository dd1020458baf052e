import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventTypes, newTypedEvent, type EventPayload } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';

export type RegisterCoverageData = EventPayload<typeof EventTypes.registerCoverageChanged>;

/**
 * `credentials.register.coverage-changed`: a register's full coverage (expected, digitised and
 * confirmed entries), counted by SQL in the caller's transaction and put in the outbox with its
 * change. For every use case that changes a register's entries: the historic imports and reviews
 * here, and the issuance of diplomas into `issued` registers.
 *
 * It locks the register row first, so two changes of one register publish in commit order, and
 * stamps the event with the clock after the lock (not the transaction's start): the later state
 * always has the later `changedAt`, which is how a reader keeps the latest.
 */
@Injectable()
export class RegisterCoverage {
  constructor(private readonly messaging: MessagingService) {}

  async publishCoverage(tx: EntityManager, registerId: string): Promise<RegisterCoverageData> {
    const data = await countCoverage(tx, registerId);
    await this.messaging.outbox.enqueue(
      tx,
      newTypedEvent(EventTypes.registerCoverageChanged, {
        source: 'credentials',
        subjectId: registerId,
        // Where the register counts: its school, else the authority's unit.
        orgUnitId: data.schoolId ?? data.authorityId,
        occurredAt: new Date(data.changedAt),
        data,
      }),
    );
    return data;
  }
}

/** The coverage of one register now (locks its row until the transaction ends). */
export async function countCoverage(
  tx: EntityManager,
  registerId: string,
): Promise<RegisterCoverageData> {
  const [locked]: Array<{ id: string }> = await tx.query(
    `SELECT id FROM original_register WHERE id = $1 FOR UPDATE`,
    [registerId],
  );
  if (!locked) throw new Error(`no original register ${registerId}`);
  const [r]: Array<{
    kind: RegisterCoverageData['kind'];
    origin: RegisterCoverageData['origin'];
    schoolId: string | null;
    authorityId: string | null;
    graduationYear: number;
    expectedEntries: number | null;
    digitised: string;
    confirmed: string;
    changedAt: Date;
  }> = await tx.query(
    `SELECT r.kind, r.origin, r.school_id AS "schoolId", r.authority_id AS "authorityId",
            r.graduation_year AS "graduationYear", r.expected_entries AS "expectedEntries",
            count(e.id) AS digitised,
            count(e.id) FILTER (WHERE e.review_state = 'confirmed') AS confirmed,
            clock_timestamp() AS "changedAt"
       FROM original_register r LEFT JOIN register_entry e ON e.register_id = r.id
      WHERE r.id = $1
      GROUP BY r.id`,
    [registerId],
  );
  return {
    registerId,
    kind: r!.kind,
    origin: r!.origin,
    schoolId: r!.schoolId,
    authorityId: r!.authorityId,
    graduationYear: r!.graduationYear,
    expectedEntries: r!.expectedEntries,
    digitisedEntries: Number(r!.digitised),
    reviewedEntries: Number(r!.confirmed),
    changedAt: new Date(r!.changedAt).toISOString(),
  };
}
