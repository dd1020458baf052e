import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, NotFound } from '@qn/contracts';
import { AccessContext } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { RoundRepository } from '../../rounds/round.repository';
import { ApplicationRepository, ApplicationRow } from '../application.repository';
import { applicationRecorded, applicationWithdrawn } from '../application-events';
import { applicationChangeView } from '../application-view';
import { decideContest } from '../domain/contest-rules';
import { DecideContestDto } from './decide-contest.dto';

const notFound = (id: string) =>
  new NotFound('application-not-found', 'No such application', `no application with id ${id}`);

/**
 * A school both families applied to (or the department) decides a contested claim with the
 * documents: the claim becomes the child's application, or it is refused.
 */
@Injectable()
export class DecideContestService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly rounds: RoundRepository,
    private readonly messaging: MessagingService,
  ) {}

  async decide(id: string, dto: DecideContestDto, access: AccessContext) {
    const claim = await this.applications.get(id);
    if (!claim) throw notFound(id);
    // The decision may refuse the child's current application: the decider must reach its
    // schools as well (the guard checked the claim's). Checked before the transaction, as the
    // scope look-ups use the pool.
    const rival = await this.applications.activeFor(
      this.ds.manager,
      claim.roundId,
      claim.applicantHash,
    );
    if (rival && rival.id !== claim.id) await access.require({ orgUnitIds: rival.wishes });
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const round = (await this.rounds.get(claim.roundId, tx, true))!;
        const locked = (await this.applications.get(id, tx, true))!;
        const current = await this.applications.activeFor(tx, claim.roundId, claim.applicantHash);
        if (current && current.id !== rival?.id)
          // Another decision or a new application changed the child's application meanwhile.
          throw new Conflict(
            'contest-changed',
            'The contest changed meanwhile',
            'read the applications again and decide on what they are now',
          );
        const d = decideContest(
          {
            claimStatus: locked.status,
            existingStatus: current ? 'active' : 'withdrawn',
            roundPublished: round.status === 'published',
          },
          dto.keep,
        );
        if (!d.ok)
          throw d.reason === 'round-published'
            ? new Conflict(
                'round-published',
                'The round’s results are published',
                'a contest is decided before publication; after it, the family appeals to the department',
              )
            : new Conflict(
                'application-not-contested',
                'The application is not a contested claim',
                `its status is ${locked.status}; only a contested claim is decided`,
              );
        const at = new Date();
        const decision = { decidedBy: access.principal.subject, reason: dto.reason, at };
        if (d.claim === 'refused') {
          await this.applications.decide(tx, id, { status: 'refused', claim: true, ...decision });
        } else {
          if (d.existing === 'refused' && current)
            await this.refuseRival(tx, current, id, decision);
          await this.applications.decide(tx, id, { status: 'active', claim: false, ...decision });
          // The family the school upheld is the child's guardian from now on.
          await tx.query(
            `INSERT INTO guardian (guardian_subject, applicant_hash, source, recorded_at)
             VALUES ($1, $2, 'application', $3) ON CONFLICT DO NOTHING`,
            [locked.claimantSubject, locked.applicantHash, at],
          );
          // Until now nobody outside heard of the claim: it enters the round as a new application.
          await this.messaging.outbox.enqueue(
            tx,
            applicationRecorded(
              { id, wishes: locked.wishes, channel: locked.channel, revision: locked.revision },
              round,
              at,
            ),
          );
        }
        return (await this.applications.get(id, tx))!;
      },
      (a) => applicationChangeView(a, 'school'),
    );
  }

  /**
   * The application the school found was not made by the child's family: refused, announced as
   * withdrawn to the round's readers, and its family loses the guardian relation it gave them
   * (it still sees its own application and the decision)
   * (unless the child is already a registered learner, whose relations were announced to other
   * services: those stay for the department to correct).
   */
  private async refuseRival(
    tx: EntityManager,
    rival: ApplicationRow,
    upheld: string,
    decision: { decidedBy: string; reason: string; at: Date },
  ): Promise<void> {
    const online = rival.channel === 'online';
    await this.applications.decide(tx, rival.id, {
      status: 'refused',
      // Its family sees it, and the decision, as its own claim; the child's guardians do not.
      claim: online,
      ...(online ? { claimant: { subject: rival.recordedBy, contests: upheld } } : {}),
      ...decision,
    });
    await this.messaging.outbox.enqueue(tx, applicationWithdrawn(rival, decision.at));
    if (online)
      await tx.query(
        `DELETE FROM guardian g WHERE g.guardian_subject = $1 AND g.applicant_hash = $2 AND g.source = 'application'
            AND NOT EXISTS (SELECT 1 FROM student s WHERE s.applicant_hash = g.applicant_hash)`,
        [rival.recordedBy, rival.applicantHash],
      );
  }
}
