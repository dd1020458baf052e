import { NotFound } from '@qn/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Policy, Principal, RoutePolicy } from '@qn/auth';
import { ADMISSION_READERS } from '../../access/access';
import { MessagingService } from '@qn/messaging';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import { RoundRepository } from '../../rounds/round.repository';
import { ApplicationRepository, ApplicationRow } from '../application.repository';
import { ApplicationRefused } from '../application-refused';
import { applicationRecorded, applicationWithdrawn } from '../application-events';
import { checkApplication, checkTiming } from '../domain/application-rules';
import { SchoolFactsReader } from '../school-facts';
import { timingRefusal } from '../submit-application/submit-application.service';

export class AmendApplicationDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  wishes?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  priorityCategories?: string[];
}

/** What an application looks like through the API: never the personal identification number, only its last digits. */
export function applicationView(a: ApplicationRow) {
  return {
    id: a.id,
    roundId: a.roundId,
    applicant: {
      personalIdLast4: a.applicantPidLast4,
      fullName: a.applicantName,
      dateOfBirth: a.dateOfBirth,
      residenceOrgUnitId: a.residenceOrgUnitId,
    },
    wishes: a.wishes,
    priorityCategories: a.priorityCategories,
    /** Grade 10: entrance exam scores once imported, and bonus points. */
    examScores: a.examScores,
    bonusPoints: a.bonusHundredths / 100,
    channel: a.channel,
    status: a.status,
    revision: a.revision,
    submittedAt: a.submittedAt,
    updatedAt: a.updatedAt,
  };
}

/**
 * What a change answers: the application without the child's identity. The answer of a write is
 * kept as the idempotency copy (Redis and PostgreSQL) for replays; the child's name and date of
 * birth stay in the application record, read with GET (which the access log records).
 */
export function applicationChangeView(a: ApplicationRow) {
  const { applicant: _applicant, ...rest } = applicationView(a);
  return rest;
}

/**
 * Who may see or change an application: the child's guardians, staff of a wished school, a
 * commune for the schools it manages, the department. The policy guard checks it before the
 * handler runs (an application outside the caller's scope is the same 404 as a missing one).
 */
export const applicationPolicy = (action: string, resource = 'application'): RoutePolicy => ({
  action,
  resource,
  users: ADMISSION_READERS,
  target: { idParam: 'id' },
  personalData: true,
});

@Injectable()
export class ApplicationAccess {
  constructor(private readonly applications: ApplicationRepository) {}

  /** The application, if it exists (404); the guard has checked the caller's scope. */
  async load(_principal: Principal, id: string): Promise<ApplicationRow> {
    const a = await this.applications.get(id);
    if (!a)
      throw new NotFound(
        'application-not-found',
        'No such application',
        `no application with id ${id}`,
      );
    return a;
  }
}

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
    const round = (await this.rounds.get(a.roundId, tx, true))!;
    const timing = checkTiming(round, new Date());
    if (timing) throw timingRefusal(timing);
    return { a, round };
  }

  /** Until the deadline, the family may change its wishes or priority categories; the same rules apply. */
  async amend(id: string, dto: AmendApplicationDto, principal: Principal) {
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
      applicationChangeView,
    );
  }

  async withdraw(id: string, principal: Principal) {
    await this.access.load(principal, id);
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const { a } = await this.load(id, tx);
        await this.applications.withdraw(tx, id);
        await this.messaging.outbox.enqueue(tx, applicationWithdrawn(a, new Date()));
        return (await this.applications.get(id, tx))!;
      },
      applicationChangeView,
    );
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/:id')
export class ChangeApplicationController {
  constructor(
    private readonly service: ChangeApplicationService,
    private readonly access: ApplicationAccess,
  ) {}

  @Get()
  @Policy(applicationPolicy('read'))
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return applicationView(await this.access.load(principal, id));
  }

  @Patch()
  @Policy(applicationPolicy('update'))
  @Idempotent({ required: false })
  async amend(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AmendApplicationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.amend(id, dto, principal);
  }

  @Post('withdrawal')
  @HttpCode(200)
  @Policy(applicationPolicy('withdraw'))
  @Idempotent({ required: false })
  async withdraw(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.withdraw(id, principal);
  }
}
