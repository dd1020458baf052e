import { Conflict, NotFound, RuleViolation } from '@qn/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Access, AccessContext, CurrentPrincipal, Policy, Principal, ScopeFilter } from '@qn/auth';
import { MONEY_KEEPERS } from '../shared/access-policies';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import { Vnd } from '../shared/money';
import { StudentAccounts } from '../accounts/student-accounts';
import { Postings } from '../ledger/postings';

export interface NewException {
  source: 'vnpay' | 'momo' | 'statement';
  kind: string;
  reason: string;
  /** What makes the problem unique (transaction id…): the same problem delivered again opens nothing new. */
  reference: string;
  amount?: Vnd;
  paymentCode?: string;
  invoiceId?: string;
  studentId?: string;
  importId?: string;
  line?: number;
  detail?: Record<string, unknown>;
}

export class ResolveExceptionDto {
  @ApiProperty({
    enum: ['applied', 'dismissed', 'refundedOutside'],
    description:
      'applied: book the money to a student (statement lines and gateway callbacks with an amount); dismissed: nothing to book (test transfer, already handled); refundedOutside: sent back by the bank or gateway.',
  })
  @IsIn(['applied', 'dismissed', 'refundedOutside'])
  resolution!: 'applied' | 'dismissed' | 'refundedOutside';
  @ApiPropertyOptional({ description: 'For applied: the student the money belongs to.' })
  @IsOptional()
  @IsUUID()
  studentId?: string;
  @ApiProperty({ example: 'Phụ huynh ghi sai mã, đã xác minh qua điện thoại' })
  @IsString()
  @Length(1, 500)
  note!: string;
}

const SELECT = `SELECT id, source, kind, reason, reference, amount::text AS amount, payment_code AS "paymentCode", invoice_id AS "invoiceId",
  student_id AS "studentId", import_id AS "importId", line, detail, status, resolution, resolution_note AS "resolutionNote",
  payment_id AS "paymentId", resolved_by AS "resolvedBy", resolved_at AS "resolvedAt", created_at AS "createdAt" FROM payment_exception`;

/**
 * The queue staff work through (hàng đợi đối soát): authentic money that could not be applied
 * by itself. Resolving one records who decided what; "applied" books the money to a student as
 * a bank transfer, once.
 */
/** A payment exception (khoản chưa khớp) that does not exist. */
export class ExceptionNotFound extends NotFound {
  constructor(id: string) {
    super('exception-not-found', 'No such exception', `no exception ${id}`);
  }
}

@Injectable()
export class ExceptionQueue {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
  ) {}

  async open(e: NewException, tx: EntityManager = this.ds.manager): Promise<void> {
    await tx.query(
      `INSERT INTO payment_exception (id, source, kind, reason, reference, amount, payment_code, invoice_id, student_id, import_id, line, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (source, kind, reference) DO NOTHING`,
      [
        uuidv7(),
        e.source,
        e.kind,
        e.reason,
        e.reference,
        e.amount?.toString() ?? null,
        e.paymentCode ?? null,
        e.invoiceId ?? null,
        e.studentId ?? null,
        e.importId ?? null,
        e.line ?? null,
        JSON.stringify(e.detail ?? {}),
      ],
    );
  }

  /** Many at once (a statement import): one statement. */
  async openMany(tx: EntityManager, items: NewException[]): Promise<number> {
    if (items.length === 0) return 0;
    const col = <K extends keyof NewException>(k: K) => items.map((i) => i[k] ?? null);
    const rows: unknown[] = await tx.query(
      `INSERT INTO payment_exception (id, source, kind, reason, reference, amount, payment_code, invoice_id, student_id, import_id, line, detail)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::uuid[], $9::uuid[], $10::uuid[], $11::int[], $12::jsonb[])
       ON CONFLICT (source, kind, reference) DO NOTHING RETURNING id`,
      [
        items.map(() => uuidv7()),
        col('source'),
        col('kind'),
        col('reason'),
        col('reference'),
        items.map((i) => i.amount?.toString() ?? null),
        col('paymentCode'),
        col('invoiceId'),
        col('studentId'),
        col('importId'),
        col('line'),
        items.map((i) => JSON.stringify(i.detail ?? {})),
      ],
    );
    return rows.length;
  }

  /** Scoped: a school's staff see the exceptions matched to their students only. */
  list(status: string | undefined, source: string | undefined, scope: ScopeFilter) {
    const within = 'all' in scope ? null : scope.withinOrgUnitId;
    return this.ds.query(
      `WITH RECURSIVE units(id) AS (
         SELECT $3::uuid WHERE $3::uuid IS NOT NULL
         UNION SELECT u.id FROM org_unit_replica u JOIN units ON u.parent_id = units.id
       )
       ${SELECT} WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR source = $2)
         AND ($3::uuid IS NULL OR student_id IN (
           SELECT a.student_id FROM student_account a WHERE a.school_id IN (SELECT id FROM units)))
       ORDER BY created_at, id LIMIT 500`,
      [status ?? null, source ?? null, within],
    );
  }

  /** The student money would be applied to (its school decides who may apply it). */
  accountOf(studentId: string) {
    return this.accounts.get(this.ds.manager, studentId);
  }

  async get(id: string, tx: EntityManager = this.ds.manager) {
    const [row] = await tx.query(`${SELECT} WHERE id = $1`, [id]);
    if (!row) throw new ExceptionNotFound(id);
    return row;
  }

  /** Resolves an exception; the answer (the exception as resolved) is recorded with the effect. */
  resolve(id: string, dto: ResolveExceptionDto, p: Principal) {
    return idempotentTransaction(this.ds, async (tx) => {
      const [row]: Array<{
        status: string;
        amount: string | null;
        reference: string;
        source: string;
      }> = await tx.query(
        `SELECT status, amount::text AS amount, reference, source FROM payment_exception WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new ExceptionNotFound(id);
      if (row.status === 'resolved')
        throw new Conflict(
          'exception-resolved',
          'Already resolved',
          'this exception was resolved before',
        );
      let paymentId: string | null = null;
      if (dto.resolution === 'applied') {
        if (!dto.studentId || row.amount === null)
          throw new RuleViolation(
            'cannot-apply',
            'Nothing to apply',
            'applied needs a studentId and an exception with an amount',
            {
              errors: [{ field: 'studentId', message: 'is required to apply the money' }],
            },
          );
        const account = await this.accounts.lock(tx, dto.studentId);
        if (!account)
          throw new RuleViolation(
            'cannot-apply',
            'Unknown student',
            `payments knows no student ${dto.studentId}`,
            {
              errors: [{ field: 'studentId', message: 'is not a student known to payments' }],
            },
          );
        const record = await this.postings.receive(tx, account, {
          invoiceId: null,
          channel: row.source === 'statement' ? 'bankTransfer' : (row.source as 'vnpay' | 'momo'),
          amount: BigInt(row.amount),
          provider: row.source === 'statement' ? 'bank' : (row.source as 'vnpay' | 'momo'),
          // The exception's own reference keeps "apply twice" impossible.
          externalId: `exception:${id}`,
          receivedAt: new Date(),
          reconciled: row.source === 'statement',
        });
        paymentId = record?.paymentId ?? null;
      }
      await tx.query(
        `UPDATE payment_exception SET status = 'resolved', resolution = $2, resolution_note = $3, resolved_by = $4, resolved_at = now(),
           student_id = COALESCE($5, student_id), payment_id = $6 WHERE id = $1`,
        [
          id,
          dto.resolution,
          dto.note.normalize('NFC'),
          p.subject,
          dto.studentId ?? null,
          paymentId,
        ],
      );
      return this.get(id, tx);
    });
  }
}

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('payment-exceptions')
export class ExceptionQueueController {
  constructor(private readonly queue: ExceptionQueue) {}

  /** Exceptions of the caller's schools; those matched to no student are the department's. */
  @Get()
  @Policy({ action: 'list', resource: 'payment-exception', users: MONEY_KEEPERS })
  list(
    @Access() access: AccessContext,
    @Query('status') status?: string,
    @Query('source') source?: string,
  ) {
    return this.queue.list(status, source, access.unitFilter());
  }

  @Get(':id')
  @Policy({
    action: 'read',
    resource: 'payment-exception',
    users: MONEY_KEEPERS,
    target: { idParam: 'id' },
  })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queue.get(id);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Policy({
    action: 'resolve',
    resource: 'payment-exception',
    users: MONEY_KEEPERS,
    target: { idParam: 'id' },
  })
  @Idempotent()
  async resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResolveExceptionDto,
    @CurrentPrincipal() p: Principal,
    @Access() access: AccessContext,
  ) {
    // Money is booked to a student only within the caller's schools.
    if (dto.studentId !== undefined && !access.unrestricted) {
      const account = await this.queue.accountOf(dto.studentId);
      await access.requireOrNotFound(
        account && { orgUnitIds: [account.schoolId] },
        dto.studentId,
        'student',
      );
    }
    return this.queue.resolve(id, dto, p);
  }
}
