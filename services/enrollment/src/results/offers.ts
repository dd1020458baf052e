import { Body, Controller, ForbiddenException, HttpCode, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EnrollmentConfirmedV1, EventTypes, newEvent, StudentEnrolledV1 } from '@qn/contracts';
import { CurrentPrincipal, OrgScopeService, Principal, Role, Roles } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { Idempotent, ProblemException } from '@qn/service-kit';
import { ApplicationRepository } from '../applications/application.repository';
import { RoundRepository } from '../rounds/round.repository';

interface OfferRow {
  id: string;
  applicationId: string;
  roundId: string;
  schoolId: string;
  wishRank: number;
  status: 'offered' | 'accepted' | 'declined' | 'confirmed';
}

export class ConfirmEnrollmentDto {
  @ApiPropertyOptional({ example: '1A', description: 'class (lớp) if already known' }) @IsOptional() @IsString() @Length(1, 50) className?: string;
}

/** Offer → the family accepts (or declines) → the school confirms the enrollment → a student exists. */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly rounds: RoundRepository,
    private readonly directory: OrgDirectory,
    private readonly scope: OrgScopeService,
    private readonly messaging: MessagingService,
  ) {}

  private async offer(tx: EntityManager, id: string): Promise<OfferRow> {
    const rows: OfferRow[] = await tx.query(
      `SELECT id, application_id AS "applicationId", round_id AS "roundId", school_id AS "schoolId", wish_rank AS "wishRank", status FROM offer WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!rows[0]) throw new ProblemException(404, 'offer-not-found', 'No such offer', `no offer with id ${id}`);
    return rows[0];
  }

  private move(o: OfferRow, from: OfferRow['status'], to: OfferRow['status']) {
    if (o.status !== from) throw new ProblemException(409, 'offer-state', `The offer is ${o.status}`, `only an ${from} offer can become ${to}`);
  }

  /** The family that applied answers the offer. */
  decide(id: string, principal: Principal, accept: boolean) {
    return this.ds.transaction(async (tx) => {
      const o = await this.offer(tx, id);
      const a = (await this.applications.get(o.applicationId, tx))!;
      if (!principal.roles.includes(Role.Province) && a.recordedBy !== principal.subject) throw new ForbiddenException('only the family that applied answers the offer');
      this.move(o, 'offered', accept ? 'accepted' : 'declined');
      await tx.query(`UPDATE offer SET status = $2, decided_at = now() WHERE id = $1`, [id, accept ? 'accepted' : 'declined']);
      return { ...o, status: accept ? 'accepted' : 'declined' };
    });
  }

  /** The school checks the documents and confirms: the applicant becomes its student. */
  confirm(id: string, principal: Principal, dto: ConfirmEnrollmentDto) {
    return this.ds.transaction(async (tx) => {
      const o = await this.offer(tx, id);
      await this.scope.assertCanAccess(principal, o.schoolId);
      this.move(o, 'accepted', 'confirmed');
      const a = (await this.applications.get(o.applicationId, tx))!;
      const round = (await this.rounds.get(o.roundId, tx))!;
      const school = await this.directory.get(o.schoolId);
      if (!school?.school) throw new ProblemException(409, 'school-unknown', 'The school is not in the registry copy', 'try again when the registry has caught up');
      const studentId = uuidv7();
      const now = new Date();
      const enrolledOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
      await tx.query(
        `INSERT INTO student (id, applicant_hash, full_name, date_of_birth, school_id, grade, class_name, school_year, enrolled_on, application_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [studentId, a.applicantHash, a.applicantName, a.dateOfBirth, o.schoolId, round.grade, dto.className ?? null, round.schoolYear, enrolledOn, a.id],
      );
      await tx.query(`UPDATE offer SET status = 'confirmed', decided_at = now() WHERE id = $1`, [id]);
      const confirmed = newEvent<EnrollmentConfirmedV1>({
        ...EventTypes.enrollmentConfirmed,
        source: 'enrollment',
        subjectId: a.id,
        orgUnitId: o.schoolId,
        occurredAt: now,
        data: { applicationId: a.id, offerId: o.id, studentId, schoolId: o.schoolId, schoolYear: round.schoolYear, grade: round.grade, confirmedAt: now.toISOString() },
      });
      await this.messaging.outbox.enqueue(tx, [
        confirmed,
        newEvent<StudentEnrolledV1>({
          ...EventTypes.studentEnrolled,
          source: 'enrollment',
          subjectId: studentId,
          orgUnitId: o.schoolId,
          correlationId: confirmed.correlationId,
          causationId: confirmed.id,
          occurredAt: now,
          data: { studentId, schoolId: o.schoolId, grade: round.grade, className: dto.className ?? null, schoolYear: round.schoolYear, segment: school.school.segment, reason: 'admission', enrolledOn },
        }),
      ]);
      return { ...o, status: 'confirmed' as const, studentId };
    });
  }
}

@ApiTags('results')
@ApiBearerAuth()
@Controller('offers/:id')
export class OffersController {
  constructor(private readonly service: OffersService) {}

  @Post('acceptance')
  @HttpCode(200)
  @Roles(Role.Family, Role.Province)
  @Idempotent({ required: false })
  accept(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.decide(id, p, true);
  }

  @Post('decline')
  @HttpCode(200)
  @Roles(Role.Family, Role.Province)
  @Idempotent({ required: false })
  decline(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.decide(id, p, false);
  }

  @Post('confirmation')
  @HttpCode(200)
  @Roles(Role.SchoolStaff, Role.Principal, Role.Province)
  @Idempotent({ required: false })
  confirm(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal, @Body() dto: ConfirmEnrollmentDto) {
    return this.service.confirm(id, p, dto);
  }
}
