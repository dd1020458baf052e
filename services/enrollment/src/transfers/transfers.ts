import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  Conflict,
  EventTypes,
  newEvent,
  NotFound,
  RuleViolation,
  StudentEnrolledV1,
  TransferCompletedV1,
} from '@qn/contracts';
import { Access, AccessContext, Policy, Principal } from '@qn/auth';
import { ADMISSION_READERS, SCHOOL_DECIDERS } from '../access/access';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import { nextStatus, TRANSITIONS, TransferAction, TransferStatus } from './transfer-workflow';

export class RequestTransferDto {
  @ApiProperty() @IsUUID() studentId: string;
  @ApiProperty() @IsUUID() toSchoolId: string;
  @ApiProperty({ example: 'Gia đình chuyển nơi cư trú' })
  @IsString()
  @Length(1, 500)
  reason: string;
  @ApiProperty({ example: '2026-01-05' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be a date YYYY-MM-DD' })
  effectiveDate: string;
}

export class DecideTransferDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}

interface TransferRow {
  id: string;
  studentId: string;
  fromSchoolId: string;
  toSchoolId: string;
  grade: number;
  schoolYear: string;
  reason: string;
  effectiveDate: string;
  status: TransferStatus;
}

const SELECT = `SELECT id, student_id AS "studentId", from_school_id AS "fromSchoolId", to_school_id AS "toSchoolId", grade, school_year AS "schoolYear",
  reason, to_char(effective_date, 'YYYY-MM-DD') AS "effectiveDate", status FROM transfer`;

const LEVEL_BY_GRADE = (grade: number) =>
  grade <= 5 ? 'primary' : grade <= 9 ? 'lower-secondary' : 'upper-secondary';

/** Chuyển trường as an online service: the family or a school asks, the receiving school decides, the old school releases. */
export class TransferNotFound extends NotFound {
  constructor(id: string) {
    super('transfer-not-found', 'No such transfer', `no transfer with id ${id}`);
  }
}

@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  async request(dto: RequestTransferDto, access: AccessContext): Promise<TransferRow> {
    const principal: Principal = access.principal;
    const studentOf = (
      tx: EntityManager,
      lock: boolean,
    ): Promise<
      Array<{ schoolId: string; grade: number; schoolYear: string; applicantHash: string }>
    > =>
      tx.query(
        `SELECT s.school_id AS "schoolId", s.grade, s.school_year AS "schoolYear", s.applicant_hash AS "applicantHash"
           FROM student s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
        [dto.studentId],
      );
    // Who may ask is checked before the transaction (scope reads the org tree on another connection).
    // The child's guardians, either school, or the department; anyone else gets the answer a
    // missing student gets (no "this child is enrolled" oracle).
    const [pre] = await studentOf(this.ds.manager, false);
    await access.requireOrNotFound(
      pre && { orgUnitIds: [pre.schoolId, dto.toSchoolId], learnerId: pre.applicantHash },
      dto.studentId,
      'student',
    );
    return idempotentTransaction(this.ds, async (tx) => {
      const [student] = await studentOf(tx, true);
      const errors: Array<{ field: string; message: string }> = [];
      if (dto.toSchoolId === student.schoolId)
        errors.push({ field: 'toSchoolId', message: 'is the school the student is in' });
      const to = await this.directory.get(dto.toSchoolId, tx);
      if (!to?.school)
        errors.push({ field: 'toSchoolId', message: 'is not a school known to the registry' });
      else if (!to.school.levels.includes(LEVEL_BY_GRADE(student.grade)))
        errors.push({
          field: 'toSchoolId',
          message: `this school does not teach grade ${student.grade}`,
        });
      if (errors.length)
        throw RuleViolation.ofFields('transfer-rule', 'The transfer cannot be requested', errors);
      const id = uuidv7();
      try {
        await tx.query(
          `INSERT INTO transfer (id, student_id, from_school_id, to_school_id, grade, school_year, reason, effective_date, requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            dto.studentId,
            student.schoolId,
            dto.toSchoolId,
            student.grade,
            student.schoolYear,
            dto.reason.normalize('NFC'),
            dto.effectiveDate,
            principal.subject,
          ],
        );
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new Conflict(
            'transfer-open',
            'A transfer is already open',
            'this student has a transfer in progress',
          );
        throw err;
      }
      return (await this.get(id, tx))!;
    });
  }

  get(id: string, tx: EntityManager = this.ds.manager): Promise<TransferRow | undefined> {
    return tx.query(`${SELECT} WHERE id = $1`, [id]).then((r: TransferRow[]) => r[0]);
  }

  async act(
    id: string,
    action: TransferAction,
    access: AccessContext,
    note?: string,
  ): Promise<TransferRow> {
    // The schools of a transfer never change: check scope before the transaction.
    const pre = await this.get(id);
    if (!pre) throw new TransferNotFound(id);
    // The receiving school approves or rejects, the old school releases.
    await access.require({
      orgUnitIds: [TRANSITIONS[action].by === 'destination' ? pre.toSchoolId : pre.fromSchoolId],
    });
    return idempotentTransaction(this.ds, async (tx) => {
      const [t]: TransferRow[] = await tx.query(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
      const next = nextStatus(t.status, action);
      if (typeof next !== 'string')
        throw new Conflict('transfer-state', 'The transfer cannot do that now', next.error);
      await tx.query(
        `UPDATE transfer SET status = $2, decision_note = COALESCE($3, decision_note), decided_at = CASE WHEN $2 IN ('approved', 'rejected') THEN now() ELSE decided_at END,
           completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END WHERE id = $1`,
        [id, next, note ?? null],
      );
      if (next === 'completed') await this.complete(tx, t);
      return { ...t, status: next };
    });
  }

  private async complete(tx: EntityManager, t: TransferRow): Promise<void> {
    await tx.query(`UPDATE student SET school_id = $2, class_name = NULL WHERE id = $1`, [
      t.studentId,
      t.toSchoolId,
    ]);
    const to = await this.directory.get(t.toSchoolId, tx);
    const now = new Date();
    const done = newEvent<TransferCompletedV1>({
      ...EventTypes.transferCompleted,
      source: 'enrollment',
      subjectId: t.studentId,
      orgUnitId: t.toSchoolId,
      occurredAt: now,
      data: {
        transferId: t.id,
        studentId: t.studentId,
        fromSchoolId: t.fromSchoolId,
        toSchoolId: t.toSchoolId,
        grade: t.grade,
        schoolYear: t.schoolYear,
        effectiveDate: t.effectiveDate,
        completedAt: now.toISOString(),
      },
    });
    await this.messaging.outbox.enqueue(tx, [
      done,
      newEvent<StudentEnrolledV1>({
        ...EventTypes.studentEnrolled,
        source: 'enrollment',
        subjectId: t.studentId,
        orgUnitId: t.toSchoolId,
        correlationId: done.correlationId,
        causationId: done.id,
        occurredAt: now,
        data: {
          studentId: t.studentId,
          schoolId: t.toSchoolId,
          grade: t.grade,
          className: null,
          schoolYear: t.schoolYear,
          segment: to!.school!.segment,
          reason: 'transfer',
          enrolledOn: t.effectiveDate,
        },
      }),
    ]);
  }
}

const decideTransfer = (action: string) => ({
  action,
  resource: 'transfer',
  users: SCHOOL_DECIDERS,
  target: { idParam: 'id' },
  personalData: true,
});

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(private readonly service: TransfersService) {}

  @Post()
  @Policy({ action: 'request', resource: 'transfer', users: ADMISSION_READERS, personalData: true })
  @Idempotent({ required: false })
  request(@Body() dto: RequestTransferDto, @Access() access: AccessContext) {
    return this.service.request(dto, access);
  }

  @Get(':id')
  @Policy({
    action: 'read',
    resource: 'transfer',
    users: ADMISSION_READERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const t = await this.service.get(id);
    if (!t) throw new TransferNotFound(id);
    return t;
  }

  @Post(':id/approval')
  @HttpCode(200)
  @Policy(decideTransfer('approve'))
  @Idempotent({ required: false })
  approve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Access() access: AccessContext,
    @Body() dto: DecideTransferDto,
  ) {
    return this.service.act(id, 'approve', access, dto.note);
  }

  @Post(':id/rejection')
  @HttpCode(200)
  @Policy(decideTransfer('reject'))
  @Idempotent({ required: false })
  reject(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Access() access: AccessContext,
    @Body() dto: DecideTransferDto,
  ) {
    return this.service.act(id, 'reject', access, dto.note);
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Policy(decideTransfer('complete'))
  @Idempotent({ required: false })
  complete(@Param('id', new ParseUUIDPipe()) id: string, @Access() access: AccessContext) {
    return this.service.act(id, 'complete', access);
  }
}
