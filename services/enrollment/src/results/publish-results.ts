import { Controller, HttpCode, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, EventTypes, newEvent, OfferMadeV1, RoundPublishedV1 } from '@qn/contracts';
import { Policy, Reach } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import { generateSeed, RoundResult, simulateRound } from '../assignment';
import { PersonalDataGuard } from '../personal-data';
import { Round, RoundRepository } from '../rounds/round.repository';
import { ApplicationRepository } from '../applications/application.repository';
import { toRoundInput } from './round-input';
import { RoundPublished } from '../rounds/round-errors';

export interface RoundSummary {
  roundId: string;
  provisional: boolean;
  applications: number;
  unplaced: number;
  schools: Array<{
    schoolId: string;
    capacity: number;
    applied: number;
    admitted: number;
    waiting: number;
    cutoff: string | null;
  }>;
  seed?: string;
}

function summarise(
  round: Round,
  result: RoundResult,
  provisional: boolean,
  applications: number,
): RoundSummary {
  return {
    roundId: round.id,
    provisional,
    applications,
    unplaced: result.unplaced.length,
    schools: [...result.schools.values()].map((s) => ({
      schoolId: s.schoolId,
      capacity: s.capacity,
      applied: s.applied,
      admitted: s.admitted.length,
      waiting: s.waitingList.length,
      cutoff: s.cutoff?.label ?? null,
    })),
  };
}

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
      if (round.status === 'published')
        throw new RoundPublished('results of this round are already out');
      if (new Date() < round.closesAt)
        throw new Conflict(
          'round-still-open',
          'The round is still open',
          `results can be published after the deadline, ${round.closesAt.toISOString()}`,
        );
      const sealed: Array<{ seed_sealed: string }> = await tx.query(
        `SELECT seed_sealed FROM admission_round WHERE id = $1`,
        [roundId],
      );
      const seed = this.personalData.unseal(sealed[0].seed_sealed, `round-seed:${roundId}`);
      // simulateRound refuses a seed that does not match the commitment shown since creation.
      const result = simulateRound(
        toRoundInput(round, schools, applications, seed, round.seedCommitment),
      );
      const now = new Date();
      const wishesOf = new Map(applications.map((a) => [a.id, a.wishes]));
      const offers: Array<{
        id: string;
        applicationId: string;
        schoolId: string;
        wishRank: number;
      }> = [];
      for (const [applicationId, schoolId] of result.assignments) {
        if (schoolId)
          offers.push({
            id: uuidv7(),
            applicationId,
            schoolId,
            wishRank: wishesOf.get(applicationId)!.indexOf(schoolId) + 1,
          });
      }
      if (offers.length) {
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
      const waiting = [...result.schools.values()].flatMap((s) =>
        s.waitingList.map((applicationId, i) => ({
          schoolId: s.schoolId,
          position: i + 1,
          applicationId,
        })),
      );
      if (waiting.length) {
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
      await tx.query(
        `UPDATE admission_round SET status = 'published', seed_revealed = $2, updated_at = now() WHERE id = $1`,
        [roundId, seed],
      );
      const summary = summarise(round, result, false, applications.length);
      const published = newEvent<RoundPublishedV1>({
        ...EventTypes.roundPublished,
        source: 'enrollment',
        subjectId: roundId,
        occurredAt: now,
        data: {
          roundId,
          schoolYear: round.schoolYear,
          grade: round.grade,
          seed,
          seedCommitment: round.seedCommitment,
          publishedAt: now.toISOString(),
          schools: summary.schools.map(({ cutoff: _c, ...s }) => s),
          applications: applications.length,
          unplaced: result.unplaced.length,
        },
      });
      await this.messaging.outbox.enqueue(tx, [
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
              roundId,
              schoolId: o.schoolId,
              schoolYear: round.schoolYear,
              grade: round.grade,
              wishRank: o.wishRank,
              madeAt: now.toISOString(),
            },
          }),
        ),
      ]);
      return { ...summary, seed };
    });
  }
}

@ApiTags('results')
@ApiBearerAuth()
@Controller('rounds/:roundId')
@Policy({ action: 'decide', resource: 'round-results', users: { province: Reach.All } })
export class PublishResultsController {
  constructor(private readonly service: PublishResultsService) {}

  /** A dry run of the assignment on the applications so far (provisional lottery). */
  @Post('simulation')
  @HttpCode(200)
  simulate(@Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<RoundSummary> {
    return this.service.simulate(roundId);
  }

  /** The official results: offers, waiting lists, the lottery seed revealed. Once per round. */
  @Post('publication')
  @HttpCode(200)
  @Idempotent({ required: false })
  publish(@Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<RoundSummary> {
    return this.service.publish(roundId);
  }
}
