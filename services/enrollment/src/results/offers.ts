import { Body, Controller, HttpCode, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  Conflict,
  EnrollmentConfirmedV1,
  EventTypes,
  GuardianLinkedV1,
  newEvent,
  NotFound,
  OfferMadeV1,
  provinceDate,
  StudentEnrolledV1,
} from '@qn/contracts';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { SCHOOL_DECIDERS } from '../access/access';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
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
  @ApiPropertyOptional({ example: '1A', description: 'class (lớp) if already known' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  className?: string;
}

/** Offer → the family accepts (or declines) → the school confirms the enrollment → a student exists. */
export class OfferNotFound extends NotFound {
  constructor(id: string) {
    super('offer-not-found', 'No such offer', `no offer with id ${id}`);
  }
}

@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly rounds: RoundRepository,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  private async offer(tx: EntityManager, id: string): Promise<OfferRow> {
    const rows: OfferRow[] = await tx.query(
      `SELECT id, application_id AS "applicationId", round_id AS "roundId", school_id AS "schoolId", wish_rank AS "wishRank", status FROM offer WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!rows[0]) throw new OfferNotFound(id);
    return rows[0];
  }

  private move(o: OfferRow, from: OfferRow['status'], to: OfferRow['status']) {
    if (o.status !== from)
      throw new Conflict(
        'offer-state',
        `The offer is ${o.status}`,
        `only an ${from} offer can become ${to}`,
      );
  }

  /** The family that applied answers the offer; a declined place goes down the school's waiting list. */
  decide(id: string, _principal: Principal, accept: boolean) {
    return idempotentTransaction(this.ds, async (tx) => {
      const o = await this.offer(tx, id);
      this.move(o, 'offered', accept ? 'accepted' : 'declined');
      await tx.query(`UPDATE offer SET status = $2, decided_at = now() WHERE id = $1`, [
        id,
        accept ? 'accepted' : 'declined',
      ]);
      if (!accept) await this.fillFreedPlace(tx, o.roundId, o.schoolId);
      return { ...o, status: accept ? 'accepted' : 'declined' };
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
      const candidates: Array<{
        applicationId: string;
        wishes: string[];
        offerId: string | null;
        offerSchoolId: string | null;
        offerStatus: string | null;
      }> = await tx.query(
        `SELECT w.application_id AS "applicationId", a.wishes, o.id AS "offerId", o.school_id AS "offerSchoolId", o.status AS "offerStatus"
           FROM waiting_list_entry w JOIN application a ON a.id = w.application_id LEFT JOIN offer o ON o.application_id = w.application_id
          WHERE w.round_id = $1 AND w.school_id = $2 AND a.status = 'active' ORDER BY w.position FOR UPDATE OF w`,
        [roundId, schoolId],
      );
      const target: string = schoolId;
      const next = candidates.find((c) => {
        if (c.offerStatus === 'declined' || c.offerStatus === 'confirmed') return false;
        return (
          c.offerSchoolId === null || c.wishes.indexOf(target) < c.wishes.indexOf(c.offerSchoolId)
        );
      });
      if (!next) break;
      const offerId = uuidv7();
      const wishRank = next.wishes.indexOf(target) + 1;
      if (next.offerId) await tx.query(`DELETE FROM offer WHERE id = $1`, [next.offerId]);
      await tx.query(
        `INSERT INTO offer (id, application_id, round_id, school_id, wish_rank, made_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [offerId, next.applicationId, roundId, target, wishRank, now],
      );
      await tx.query(
        `DELETE FROM waiting_list_entry WHERE round_id = $1 AND application_id = $2 AND school_id = $3`,
        [roundId, next.applicationId, target],
      );
      events.push(
        newEvent<OfferMadeV1>({
          ...EventTypes.offerMade,
          source: 'enrollment',
          subjectId: next.applicationId,
          orgUnitId: target,
          occurredAt: now,
          data: {
            offerId,
            applicationId: next.applicationId,
            roundId,
            schoolId: target,
            schoolYear: round.schoolYear,
            grade: round.grade,
            wishRank,
            madeAt: now.toISOString(),
          },
        }),
      );
      schoolId = next.offerSchoolId;
    }
    if (events.length) await this.messaging.outbox.enqueue(tx, events);
  }

  /** The school checks the documents and confirms: the applicant becomes its student. */
  async confirm(id: string, principal: Principal, dto: ConfirmEnrollmentDto) {
    return idempotentTransaction(this.ds, async (tx) => {
      const o = await this.offer(tx, id);
      this.move(o, 'accepted', 'confirmed');
      const a = (await this.applications.get(o.applicationId, tx))!;
      const round = (await this.rounds.get(o.roundId, tx))!;
      const school = await this.directory.get(o.schoolId, tx);
      if (!school?.school)
        throw new Conflict(
          'school-unknown',
          'The school is not in the registry copy',
          'try again when the registry has caught up',
        );
      const studentId = uuidv7();
      const now = new Date();
      const enrolledOn = provinceDate(now);
      await tx.query(
        `INSERT INTO student (id, applicant_hash, full_name, date_of_birth, school_id, grade, class_name, school_year, enrolled_on, application_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          studentId,
          a.applicantHash,
          a.applicantName,
          a.dateOfBirth,
          o.schoolId,
          round.grade,
          dto.className ?? null,
          round.schoolYear,
          enrolledOn,
          a.id,
        ],
      );
      await tx.query(`UPDATE offer SET status = 'confirmed', decided_at = now() WHERE id = $1`, [
        id,
      ]);
      const confirmed = newEvent<EnrollmentConfirmedV1>({
        ...EventTypes.enrollmentConfirmed,
        source: 'enrollment',
        subjectId: a.id,
        orgUnitId: o.schoolId,
        occurredAt: now,
        data: {
          applicationId: a.id,
          offerId: o.id,
          studentId,
          schoolId: o.schoolId,
          schoolYear: round.schoolYear,
          grade: round.grade,
          confirmedAt: now.toISOString(),
        },
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
          data: {
            studentId,
            schoolId: o.schoolId,
            grade: round.grade,
            className: dto.className ?? null,
            schoolYear: round.schoolYear,
            segment: school.school.segment,
            reason: 'admission',
            enrolledOn,
          },
        }),
        // The child's guardians follow the student: payments and records give them the family reach.
        ...(await guardiansOfChild(tx, a.applicantHash)).map((g) =>
          newEvent<GuardianLinkedV1>({
            ...EventTypes.guardianLinked,
            source: 'enrollment',
            subjectId: studentId,
            orgUnitId: o.schoolId,
            correlationId: confirmed.correlationId,
            causationId: confirmed.id,
            occurredAt: now,
            data: {
              studentId,
              guardianSubject: g.subject,
              basis: 'application',
              linkedAt: now.toISOString(),
            },
          }),
        ),
      ]);
      return { ...o, status: 'confirmed' as const, studentId };
    });
  }
}

/** Guardians recorded for the child (by the keyed hash of its personal id). */
async function guardiansOfChild(tx: EntityManager, applicantHash: string) {
  const rows: Array<{ subject: string }> = await tx.query(
    `SELECT guardian_subject AS subject FROM guardian WHERE applicant_hash = $1 ORDER BY recorded_at, guardian_subject`,
    [applicantHash],
  );
  return rows;
}

/** The child's guardians answer an offer; the department may answer for a family at its request. */
const ANSWER_OFFER = {
  action: 'answer',
  resource: 'offer',
  users: { family: Reach.Guardian, province: Reach.All },
  target: { idParam: 'id' },
  personalData: true,
} as const;

@ApiTags('results')
@ApiBearerAuth()
@Controller('offers/:id')
export class OffersController {
  constructor(private readonly service: OffersService) {}

  @Post('acceptance')
  @HttpCode(200)
  @Policy(ANSWER_OFFER)
  @Idempotent({ required: false })
  accept(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.decide(id, p, true);
  }

  @Post('decline')
  @HttpCode(200)
  @Policy(ANSWER_OFFER)
  @Idempotent({ required: false })
  decline(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.decide(id, p, false);
  }

  @Post('confirmation')
  @HttpCode(200)
  @Policy({
    action: 'confirm',
    resource: 'offer',
    users: SCHOOL_DECIDERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent({ required: false })
  confirm(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() p: Principal,
    @Body() dto: ConfirmEnrollmentDto,
  ) {
    return this.service.confirm(id, p, dto);
  }
}
