import {
  Body,
  Controller,
  HttpCode,
  Injectable,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, InvalidInput } from '@qn/contracts';
import { Access, AccessContext, CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { MONEY_KEEPERS } from '../shared/access-policies';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import { compareDates, IsoDate } from '../shared/money';
import { computeObligations, FeeCatalogue, ObligationLine, Student, TermNo } from './domain/fees';
import { StudentAccount, StudentAccounts, toEventSegment } from '../accounts/student-accounts';
import { CatalogueNotFound, FeeCatalogueService } from '../catalogue/fee-catalogue';
import { INVOICE_SELECT, InvoiceLine, InvoiceRow, Postings } from '../ledger/postings';
import { EntitlementsService } from '../entitlements/entitlements';
import { StudentNotFound } from '../accounts/account-errors';

type Cause = Pick<EventEnvelope, 'id' | 'correlationId'> | undefined;

export const termPeriodKey = (schoolYear: string, term: TermNo) => `${schoolYear}/HK${term}`;

/** The term a date falls in: before the first term → term 1; after the last → none. */
export function termOf(catalogue: FeeCatalogue, date: IsoDate): TermNo | undefined {
  for (const t of catalogue.calendar.terms) if (compareDates(date, t.until) < 0) return t.term;
  return undefined;
}

const sameLines = (a: InvoiceLine[], b: InvoiceLine[]) =>
  a.length === b.length &&
  a.every((l) => b.some((m) => m.lineId === l.lineId && m.amount === l.amount));

/**
 * Bills a student for a term: the lines the domain computes from the student's enrolments and
 * the catalogue, grouped into one invoice per school. Existing invoices that no longer match
 * (after a transfer, the old school's share is prorated) are cancelled and replaced; matching
 * ones are left alone, so running it twice changes nothing.
 */
@Injectable()
export class BillingService {
  private readonly logger = new Logger(BillingService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly catalogues: FeeCatalogueService,
    private readonly postings: Postings,
    private readonly accounts: StudentAccounts,
    private readonly entitlements: EntitlementsService,
  ) {}

  async syncTerm(
    tx: EntityManager,
    account: StudentAccount,
    schoolYear: string,
    term: TermNo,
    now: Date,
    cause?: Cause,
  ): Promise<{ issued: InvoiceRow[]; cancelled: string[] }> {
    const schools = [...new Set(account.enrolments.map((e) => e.schoolId))];
    const catalogue = await this.catalogues.catalogueFor(schoolYear, schools, tx);
    if (!catalogue) {
      this.logger.warn(`no fee catalogue for ${schoolYear}: ${account.studentId} not billed yet`);
      return { issued: [], cancelled: [] };
    }
    const student: Student = {
      studentId: account.studentId,
      enrolments: account.enrolments,
      optedInServices: account.optedInServices,
    };
    const periodKey = termPeriodKey(schoolYear, term);
    const desired = new Map<string, ObligationLine[]>();
    for (const l of computeObligations(student, catalogue, { kind: 'term', term })) {
      if (l.amount <= 0n) continue;
      desired.set(l.schoolId, [...(desired.get(l.schoolId) ?? []), l]);
    }
    const existing: InvoiceRow[] = await tx.query(
      `${INVOICE_SELECT} WHERE student_id = $1 AND period_key = $2 AND status <> 'cancelled'`,
      [account.studentId, periodKey],
    );
    const issued: InvoiceRow[] = [];
    const cancelled: string[] = [];
    for (const schoolId of new Set([...desired.keys(), ...existing.map((i) => i.schoolId)])) {
      const lines: InvoiceLine[] = (desired.get(schoolId) ?? []).map((l) => ({
        lineId: l.lineId,
        feeCode: l.feeCode,
        feeName: l.feeName,
        kind: l.kind,
        periodKey: l.periodKey,
        mandatory: l.mandatory,
        amount: l.amount.toString(),
        proration: l.proration,
        schedule: l.schedule,
        serviceFrom: l.serviceFrom,
        serviceUntil: l.serviceUntil,
      }));
      const current = existing.find((i) => i.schoolId === schoolId);
      if (current && sameLines(current.lines, lines)) continue;
      if (current) {
        await this.postings.cancel(
          tx,
          account,
          current,
          'Tính lại theo thời gian học và dịch vụ đã đăng ký — recomputed after a transfer or a change of services',
          'payments',
          now,
          cause,
        );
        cancelled.push(current.id);
      }
      if (lines.length === 0) continue;
      const enrolment = account.enrolments.find((e) => e.schoolId === schoolId)!;
      issued.push(
        await this.postings.issue(
          tx,
          account,
          {
            schoolId,
            segment: toEventSegment(enrolment.segment),
            schoolYear,
            periodKey,
            lines,
            replacesInvoiceId: current?.id ?? null,
            now,
          },
          cause,
        ),
      );
    }
    // Entitlements already approved reduce the new invoices at once.
    if (issued.length) await this.entitlements.applyTo(tx, account, now);
    return { issued, cancelled };
  }

  /** Terms to (re)bill after an enrolment change on `date`: its term and any later term already billed. */
  async syncFrom(
    tx: EntityManager,
    account: StudentAccount,
    schoolYear: string,
    date: IsoDate,
    now: Date,
    cause?: Cause,
  ): Promise<void> {
    const catalogue = await this.catalogues.catalogueFor(schoolYear, [], tx);
    if (!catalogue) {
      this.logger.warn(`no fee catalogue for ${schoolYear}: ${account.studentId} not billed yet`);
      return;
    }
    const first = termOf(catalogue, date);
    if (first === undefined) return;
    const billed: Array<{ periodKey: string }> = await tx.query(
      `SELECT DISTINCT period_key AS "periodKey" FROM invoice WHERE student_id = $1 AND status <> 'cancelled'`,
      [account.studentId],
    );
    for (const t of catalogue.calendar.terms) {
      if (t.term < first) continue;
      if (t.term === first || billed.some((b) => b.periodKey === termPeriodKey(schoolYear, t.term)))
        await this.syncTerm(tx, account, schoolYear, t.term, now, cause);
    }
  }

  /**
   * Records the voluntary services (khoản thu dịch vụ tự nguyện, NQ 34/2021) the family signed
   * up for, and re-bills the student from `term` on: the term's invoice is replaced by one with
   * the new lines (what was paid carries over as credit). Earlier terms are not touched.
   */
  async setServices(
    studentId: string,
    dto: { schoolYear: string; term: number; serviceCodes: string[] },
    _p: Principal,
  ) {
    const pre = await this.accounts.get(this.ds.manager, studentId);
    if (!pre) throw new StudentNotFound(studentId);
    const catalogue = await this.catalogues.catalogueFor(dto.schoolYear, [pre.schoolId]);
    if (!catalogue) throw new CatalogueNotFound(dto.schoolYear);
    const voluntary = new Set(catalogue.items.filter((i) => !i.mandatory).map((i) => i.code));
    const unknown = dto.serviceCodes.filter((c) => !voluntary.has(c));
    if (unknown.length)
      throw new InvalidInput([
        {
          field: 'serviceCodes',
          message: `not voluntary services of this school: ${unknown.join(', ')}`,
        },
      ]);
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, studentId))!;
      account.optedInServices = [...new Set(dto.serviceCodes)];
      await tx.query(
        `UPDATE student_account SET opted_in_services = $2, updated_at = now() WHERE student_id = $1`,
        [studentId, account.optedInServices],
      );
      const term = catalogue.calendar.terms.find((t) => t.term === dto.term)!;
      await this.syncFrom(tx, account, dto.schoolYear, term.from, new Date());
      return {
        studentId,
        schoolYear: dto.schoolYear,
        fromTerm: dto.term,
        serviceCodes: account.optedInServices,
      };
    });
  }

  /** Bills every student of a school (or all) for a term, one transaction per student. */
  async run(schoolYear: string, term: TermNo, schoolId: string | undefined) {
    const ids: Array<{ studentId: string }> = await this.ds.query(
      `SELECT student_id AS "studentId" FROM student_account WHERE school_year = $1 AND ($2::uuid IS NULL OR school_id = $2) ORDER BY student_id`,
      [schoolYear, schoolId ?? null],
    );
    let issued = 0;
    let cancelled = 0;
    for (const { studentId } of ids) {
      await this.ds.transaction(async (tx) => {
        const account = await this.accounts.lock(tx, studentId);
        if (!account) return;
        const r = await this.syncTerm(tx, account, schoolYear, term, new Date());
        issued += r.issued.length;
        cancelled += r.cancelled.length;
      });
    }
    // Billing a student is itself idempotent (a second run issues nothing new), so the run needs
    // no transaction of its own: its answer is recorded last, and a retry after a crash finishes
    // the students left and answers for what it did.
    const answer = {
      schoolYear,
      term,
      students: ids.length,
      invoicesIssued: issued,
      invoicesReplaced: cancelled,
    };
    return idempotentTransaction(this.ds, async () => answer);
  }
}

export class BillingRunDto {
  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must be like 2025-2026' })
  schoolYear!: string;
  @ApiProperty({ enum: [1, 2] }) @IsIn([1, 2], { message: 'term must be 1 or 2' }) term!: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID() schoolId?: string;
}

export class StudentServicesDto {
  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must be like 2025-2026' })
  schoolYear!: string;
  @ApiProperty({ enum: [1, 2], description: 'Re-bill from this term on.' })
  @IsIn([1, 2], { message: 'term must be 1 or 2' })
  term!: number;
  @ApiProperty({
    example: ['TIEN_AN', 'SLL_DIEN_TU'],
    description: 'Codes of voluntary services (replaces the list).',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  serviceCodes!: string[];
}

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  /** Issues the term's invoices (e.g. term 2 at the start of the second term). Safe to repeat. */
  @Post('billing-runs')
  @HttpCode(200)
  @Policy({ action: 'run', resource: 'billing-run', users: MONEY_KEEPERS })
  @Idempotent()
  async run(@Body() dto: BillingRunDto, @Access() access: AccessContext) {
    if (dto.schoolId) await access.require({ orgUnitIds: [dto.schoolId] }, 'the school');
    else if (!access.unrestricted)
      throw new InvalidInput([{ field: 'schoolId', message: 'is required for school staff' }]);
    return this.billing.run(dto.schoolYear, dto.term as TermNo, dto.schoolId);
  }

  /** The voluntary services a family signed up for (ăn bán trú, nước uống, …); re-bills from the term given. */
  @Put('students/:studentId/services')
  @Policy({
    action: 'update',
    resource: 'student-services',
    users: MONEY_KEEPERS,
    target: { idParam: 'studentId' },
    personalData: true,
  })
  @Idempotent()
  services(
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Body() dto: StudentServicesDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.billing.setServices(studentId, dto, p);
  }
}
