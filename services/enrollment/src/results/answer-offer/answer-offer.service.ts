import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EventTypes, newEvent, OfferMadeV1 } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { Round, RoundRepository } from '../../rounds/round.repository';
import { checkOfferMove, nextOnWaitingList } from '../domain/offer-rules';
import { lockOffer, moveOfferTo, setOfferStatus, waitingCandidates } from '../offer.repository';

/** The family that applied answers the offer (nhận / từ chối). */
@Injectable()
export class AnswerOfferService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rounds: RoundRepository,
    private readonly messaging: MessagingService,
  ) {}

  /** Accepts or declines; a declined place goes down the school's waiting list. */
  decide(id: string, _principal: Principal, accept: boolean) {
    return idempotentTransaction(this.ds, async (tx) => {
      const o = await lockOffer(tx, id);
      const status = accept ? 'accepted' : 'declined';
      checkOfferMove(o.status, 'offered', status);
      await setOfferStatus(tx, id, status);
      if (!accept) await this.fillFreedPlace(tx, o.roundId, o.schoolId);
      return { ...o, status };
    });
  }

  /**
   * A place freed at a school goes to the first applicant on its waiting list who would rather be
   * there than where they are (the list holds only such applicants when published; it is checked
   * again because offers move). Moving that applicant frees their old place in turn, which is
   * offered down that school's list, and so on: the chain ends at an applicant with no place or
   * a school with no one waiting.
   */
  private async fillFreedPlace(
    tx: EntityManager,
    roundId: string,
    firstSchoolId: string,
  ): Promise<void> {
    const round = (await this.rounds.get(roundId, tx))!;
    const now = new Date();
    let schoolId: string | null = firstSchoolId;
    const events = [];
    while (schoolId) {
      const next = nextOnWaitingList(await waitingCandidates(tx, roundId, schoolId), schoolId);
      if (!next) break;
      const offer = {
        id: uuidv7(),
        roundId,
        schoolId,
        wishRank: next.wishes.indexOf(schoolId) + 1,
        madeAt: now,
      };
      await moveOfferTo(tx, next, offer);
      events.push(offerMade(round, next.applicationId, offer));
      schoolId = next.offerSchoolId;
    }
    if (events.length) await this.messaging.outbox.enqueue(tx, events);
  }
}

function offerMade(
  round: Round,
  applicationId: string,
  o: { id: string; schoolId: string; wishRank: number; madeAt: Date },
) {
  return newEvent<OfferMadeV1>({
    ...EventTypes.offerMade,
    source: 'enrollment',
    subjectId: applicationId,
    orgUnitId: o.schoolId,
    occurredAt: o.madeAt,
    data: {
      offerId: o.id,
      applicationId,
      roundId: round.id,
      schoolId: o.schoolId,
      schoolYear: round.schoolYear,
      grade: round.grade,
      wishRank: o.wishRank,
      madeAt: o.madeAt.toISOString(),
    },
  });
}
