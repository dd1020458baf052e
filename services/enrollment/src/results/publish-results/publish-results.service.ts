import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, EventTypes, newEvent, OfferMadeV1, RoundPublishedV1 } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { generateSeed, RoundResult, simulateRound } from '../../shared/assignment';
import { PersonalDataGuard } from '../../shared/personal-data';
import { Round, RoundRepository } from '../../rounds/round.repository';
import { ApplicationRepository } from '../../applications/application.repository';
import { RoundPublished } from '../../rounds/domain/round-errors';
import { toRoundInput } from '../domain/round-input';
import {
  NewOffer,
  offersOf,
  RoundSummary,
  summarise,
  waitingListsOf,
} from '../domain/round-summary';

@Injectable()
export class PublishResultsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rounds: RoundRepository,
    private readonly applications: ApplicationRepository,
    private readonly personalData: PersonalDataGuard,
    private readonly messaging: MessagingService,
  ) {}

  private async load(roundId: string, tx: EntityManager, lock: boolean) {
    const round = await this.rounds.getOrFail(roundId, tx, lock);
    const schools = await this.rounds.schools(roundId, tx);
    const applications = await this.applications.activeInRound(tx, roundId);
    return { round, schools, applications };
  }

  /**
   * What the assignment would give with the applications as they are now, under a provisional
   * seed: the official seed stays sealed, so a simulation can never reveal the real draw.
   */
  async simulate(roundId: string): Promise<RoundSummary> {
    const { round, schools, applications } = await this.load(roundId, this.ds.manager, false);
    const result = simulateRound(toRoundInput(round, schools, applications, generateSeed()));
    return summarise(round, result, true, applications.length);
  }

  /** After the deadline: the official assignment with the sealed seed, offers, waiting lists, and the seed revealed. */
  async publish(roundId: string): Promise<RoundSummary> {
    return idempotentTransaction(this.ds, async (tx) => {
      const { round, schools, applications } = await this.load(roundId, tx, true);
      checkPublishable(round);
      const seed = await this.unsealSeed(tx, roundId);
      // simulateRound refuses a seed that does not match the commitment shown since creation.
      const result = simulateRound(
        toRoundInput(round, schools, applications, seed, round.seedCommitment),
      );
      const now = new Date();
      const offers = offersOf(result, new Map(applications.map((a) => [a.id, a.wishes])), uuidv7);
      await insertOffers(tx, roundId, offers, now);
      await insertWaitingLists(tx, roundId, result);
      await tx.query(
        `UPDATE admission_round SET status = 'published', seed_revealed = $2, updated_at = now() WHERE id = $1`,
        [roundId, seed],
      );
      const summary = summarise(round, result, false, applications.length);
      await this.messaging.outbox.enqueue(
        tx,
        publishedEvents(round, seed, summary, offers, result, now),
      );
      return { ...summary, seed };
    });
  }

  private async unsealSeed(tx: EntityManager, roundId: string): Promise<string> {
    const sealed: Array<{ seed_sealed: string }> = await tx.query(
      `SELECT seed_sealed FROM admission_round WHERE id = $1`,
      [roundId],
    );
    return this.personalData.unseal(sealed[0].seed_sealed, `round-seed:${roundId}`);
  }
}

/** Results come out once, after the deadline. */
function checkPublishable(round: Round): void {
  if (round.status === 'published')
    throw new RoundPublished('results of this round are already out');
  if (new Date() < round.closesAt)
    throw new Conflict(
      'round-still-open',
      'The round is still open',
      `results can be published after the deadline, ${round.closesAt.toISOString()}`,
    );
}

async function insertOffers(
  tx: EntityManager,
  roundId: string,
  offers: NewOffer[],
  now: Date,
): Promise<void> {
  if (!offers.length) return;
  await tx.query(
    `INSERT INTO offer (id, application_id, round_id, school_id, wish_rank, made_at) SELECT o.id, o.application_id, $5, o.school_id, o.wish_rank, $6
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[]) AS o(id, application_id, school_id, wish_rank)`,
    [
      offers.map((o) => o.id),
      offers.map((o) => o.applicationId),
      offers.map((o) => o.schoolId),
      offers.map((o) => o.wishRank),
      roundId,
      now,
    ],
  );
}

async function insertWaitingLists(
  tx: EntityManager,
  roundId: string,
  result: RoundResult,
): Promise<void> {
  const waiting = waitingListsOf(result);
  if (!waiting.length) return;
  await tx.query(
    `INSERT INTO waiting_list_entry (round_id, school_id, position, application_id) SELECT $1, w.school_id, w.position, w.application_id
       FROM unnest($2::uuid[], $3::int[], $4::uuid[]) AS w(school_id, position, application_id)`,
    [
      roundId,
      waiting.map((w) => w.schoolId),
      waiting.map((w) => w.position),
      waiting.map((w) => w.applicationId),
    ],
  );
}

/** `enrollment.round.published`, then one `offer.made` per offer caused by it. */
function publishedEvents(
  round: Round,
  seed: string,
  summary: RoundSummary,
  offers: NewOffer[],
  result: RoundResult,
  now: Date,
) {
  const published = newEvent<RoundPublishedV1>({
    ...EventTypes.roundPublished,
    source: 'enrollment',
    subjectId: round.id,
    occurredAt: now,
    data: {
      roundId: round.id,
      schoolYear: round.schoolYear,
      grade: round.grade,
      seed,
      seedCommitment: round.seedCommitment,
      publishedAt: now.toISOString(),
      schools: summary.schools.map(({ cutoff: _c, ...s }) => s),
      applications: summary.applications,
      unplaced: result.unplaced.length,
    },
  });
  return [
    published,
    ...offers.map((o) =>
      newEvent<OfferMadeV1>({
        ...EventTypes.offerMade,
        source: 'enrollment',
        subjectId: o.applicationId,
        orgUnitId: o.schoolId,
        correlationId: published.correlationId,
        causationId: published.id,
        occurredAt: now,
        data: {
          offerId: o.id,
          applicationId: o.applicationId,
          roundId: round.id,
          schoolId: o.schoolId,
          schoolYear: round.schoolYear,
          grade: round.grade,
          wishRank: o.wishRank,
          madeAt: now.toISOString(),
        },
      }),
    ),
  ];
}
