import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { RoundRepository } from '../../rounds/round.repository';
import { ApplicationAccess } from '../application-access';
import { ApplicationRepository } from '../application.repository';
import { ApplicationRefused, timingRefusal } from '../application-refused';
import { applicationRecorded, applicationWithdrawn } from '../application-events';
import { ApplicationAudience, applicationChangeView } from '../application-view';
import { checkApplication, checkTiming } from '../domain/application-rules';
import { SchoolFactsReader } from '../school-facts';
import { AmendApplicationDto } from './change-application.dto';

@Injectable()
export class ChangeApplicationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly rounds: RoundRepository,
    private readonly facts: SchoolFactsReader,
    private readonly messaging: MessagingService,
    private readonly access: ApplicationAccess,
  ) {}

  /**
   * The application under lock, in the transaction. Scope was checked before it (access.load):
   * a transaction waiting for a second pool connection can exhaust the pool under load.
   */
  private async load(id: string, tx = this.ds.manager) {
    const a = await this.applications.get(id, tx, true);
    if (!a)
      throw new ApplicationRefused(
        404,
        'application-not-found',
        'No such application',
        `no application with id ${id}`,
      );
    if (a.status === 'withdrawn')
      throw new ApplicationRefused(
        409,
        'application-withdrawn',
        'The application was withdrawn',
        'a withdrawn application cannot change',
      );
    if (a.status === 'refused')
      throw new ApplicationRefused(
        409,
        'application-refused',
        'The application was refused',
        'the school refused this application after checking the documents; it cannot change',
      );
    const round = (await this.rounds.get(a.roundId, tx, true))!;
    const timing = checkTiming(round, new Date());
    if (timing) throw timingRefusal(timing);
    return { a, round };
  }

  /** Until the deadline, the family may change its wishes or priority categories; the same rules apply. */
  async amend(
    id: string,
    dto: AmendApplicationDto,
    principal: Principal,
    audience: ApplicationAudience,
  ) {
    await this.access.load(principal, id);
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const { a, round } = await this.load(id, tx);
        const wishes = dto.wishes ?? a.wishes;
        const priorityCategories = dto.priorityCategories ?? a.priorityCategories;
        const offered = await this.rounds.offeredSchoolIds(round.id, wishes, tx);
        const now = new Date();
        // The personal id was checked when the application came in; re-check what can change.
        const facts = await this.facts.read(wishes, null, now, tx);
        const problems = checkApplication(
          {
            personalId: '000000000000',
            fullName: a.applicantName,
            dateOfBirth: a.dateOfBirth,
            residenceOrgUnitId: a.residenceOrgUnitId,
            wishes,
            priorityCategories,
          },
          {
            ...round,
            priorityCategories: round.priorityCategories.map((c) => c.code),
            schoolIds: offered,
          },
          facts.schools,
          true,
        ).filter((p) => !p.field.startsWith('applicant.'));
        if (problems.length) throw ApplicationRefused.invalid(problems);
        await this.applications.amend(tx, id, { wishes, priorityCategories });
        // A contested claim is not in the round: nobody hears of it until a school upholds it.
        if (!a.claim)
          await this.messaging.outbox.enqueue(
            tx,
            applicationRecorded(
              { id, wishes, channel: a.channel, revision: a.revision + 1 },
              round,
              now,
            ),
          );
        return (await this.applications.get(id, tx))!;
      },
      (a) => applicationChangeView(a, audience),
    );
  }

  async withdraw(id: string, principal: Principal, audience: ApplicationAudience) {
    await this.access.load(principal, id);
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const { a } = await this.load(id, tx);
        await this.applications.withdraw(tx, id);
        if (!a.claim) await this.messaging.outbox.enqueue(tx, applicationWithdrawn(a, new Date()));
        return (await this.applications.get(id, tx))!;
      },
      (a) => applicationChangeView(a, audience),
    );
  }
}
