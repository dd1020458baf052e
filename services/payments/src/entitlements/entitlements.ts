import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, InvalidInput, provinceDate } from '@qn/contracts';
import { ClientScope, CurrentPrincipal, everyone, Policy, Principal, Reach } from '@qn/auth';
import { MONEY_KEEPERS, readStudentMoney } from '../shared/access-policies';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import {
  applyEntitlements,
  endEntitlement,
  ENTITLEMENT_CATEGORIES,
  EntitlementRecord,
  grantEntitlement,
  ObligationLine,
} from '../obligations/domain/fees';
import { applyEntitlement } from '../ledger/domain/ledger';
import { isIsoDate } from '../shared/money';
import { StudentAccount, StudentAccounts } from '../accounts/student-accounts';
import { entriesSince, LedgerRepository } from '../ledger/ledger.repository';
import { INVOICE_SELECT, InvoiceRow, Postings, toProblem } from '../ledger/postings';
import { StudentNotFound } from '../accounts/account-errors';

export class EntitlementDecisionDto {
  @ApiProperty({ example: 'REDUCE70_ETHNIC_DIFFICULT', enum: Object.keys(ENTITLEMENT_CATEGORIES) })
  @IsIn(Object.keys(ENTITLEMENT_CATEGORIES), {
    message: 'category must be a known entitlement category',
  })
  category!: string;
  @ApiProperty({ enum: ['grant', 'end'] })
  @IsIn(['grant', 'end'])
  action!: 'grant' | 'end';
  @ApiProperty({ example: '2025-09-05', description: 'First day the decision applies.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom!: string;
  @ApiPropertyOptional({
    example: 'QĐ 123/QĐ-THCS',
    description: 'The school decision (quyết định).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  decisionRef?: string;
}

interface RecordRow {
  recordId: string;
  studentId: string;
  schoolId: string;
  category: string;
  kind: EntitlementRecord['kind'];
  action: 'grant' | 'end';
  percent: string | null;
  monthlyAmount: string | null;
  offsetFeeCodes: string[] | null;
  effectiveFrom: string;
  recordedOn: string;
  decisionRef: string | null;
  approvedBy: string;
  createdAt: string;
}

const SELECT = `SELECT record_id AS "recordId", student_id AS "studentId", school_id AS "schoolId", category, kind, action,
  percent::text AS percent, monthly_amount::text AS "monthlyAmount", offset_fee_codes AS "offsetFeeCodes",
  to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(recorded_on, 'YYYY-MM-DD') AS "recordedOn",
  decision_ref AS "decisionRef", approved_by AS "approvedBy", created_at AS "createdAt" FROM entitlement_record`;

const toDomain = (r: RecordRow): EntitlementRecord => ({
  recordId: r.recordId,
  studentId: r.studentId,
  category: r.category,
  kind: r.kind,
  action: r.action,
  ...(r.percent !== null ? { percent: BigInt(r.percent) } : {}),
  ...(r.monthlyAmount !== null ? { monthlyAmount: BigInt(r.monthlyAmount) } : {}),
  ...(r.offsetFeeCodes !== null ? { offsetFeeCodes: r.offsetFeeCodes } : {}),
  effectiveFrom: r.effectiveFrom,
  recordedOn: r.recordedOn,
  ...(r.decisionRef !== null ? { decisionRef: r.decisionRef } : {}),
});

/**
 * Entitlements approved by the school (miễn, giảm học phí; hỗ trợ chi phí học tập, ăn trưa):
 * an append-only history of decisions (a grant, later an end; never edited), applied to the
 * student's invoices by the domain's rules (the most favourable tuition rate; supports deducted
 * from the fee they offset) through balanced ledger entries. What a decision takes off an
 * invoice that was already paid becomes the family's credit.
 */
@Injectable()
export class EntitlementsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly ledgers: LedgerRepository,
    private readonly postings: Postings,
  ) {}

  history(tx: EntityManager, studentId: string): Promise<RecordRow[]> {
    return tx.query(`${SELECT} WHERE student_id = $1 ORDER BY created_at, record_id`, [studentId]);
  }

  async list(studentId: string, p: Principal) {
    const account = await this.visibleAccount(studentId, p);
    return (await this.history(this.ds.manager, account.studentId)).map(view);
  }

  private async visibleAccount(studentId: string, _p: Principal): Promise<StudentAccount> {
    const account = await this.accounts.get(this.ds.manager, studentId);
    if (!account) throw new StudentNotFound(studentId);
    return account;
  }

  async decide(studentId: string, dto: EntitlementDecisionDto, p: Principal) {
    if (!isIsoDate(dto.effectiveFrom))
      throw new InvalidInput([{ field: 'effectiveFrom', message: 'must be a real date' }]);
    await this.visibleAccount(studentId, p);
    const now = new Date();
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, studentId))!;
      const history = (await this.history(tx, studentId)).map(toDomain);
      const recordId = uuidv7();
      const fields = {
        recordId,
        studentId,
        effectiveFrom: dto.effectiveFrom,
        recordedOn: provinceDate(now),
        ...(dto.decisionRef ? { decisionRef: dto.decisionRef.normalize('NFC') } : {}),
      };
      let record: EntitlementRecord;
      if (dto.action === 'grant') record = grantEntitlement(dto.category, fields);
      else {
        const grant = [...history]
          .reverse()
          .find((r) => r.category === dto.category && r.action === 'grant');
        if (!grant)
          throw new Conflict(
            'entitlement-not-granted',
            'Nothing to end',
            `${dto.category} was never granted to this student`,
          );
        record = endEntitlement(grant, fields);
      }
      await tx.query(
        `INSERT INTO entitlement_record (record_id, student_id, school_id, category, kind, action, percent, monthly_amount, offset_fee_codes, effective_from, recorded_on, decision_ref, approved_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          record.recordId,
          studentId,
          account.schoolId,
          record.category,
          record.kind,
          record.action ?? 'grant',
          record.percent?.toString() ?? null,
          record.monthlyAmount?.toString() ?? null,
          record.offsetFeeCodes ?? null,
          record.effectiveFrom,
          record.recordedOn,
          record.decisionRef ?? null,
          p.subject,
        ],
      );
      const applied = await this.applyTo(tx, account, now);
      const [row] = (await tx.query(`${SELECT} WHERE record_id = $1`, [recordId])) as RecordRow[];
      return { ...view(row!), appliedToInvoices: applied };
    });
  }

  /**
   * Applies what the history gives on the student's live invoices beyond what is applied
   * already. Reductions only grow an invoice's entitlement: a decision ending an entitlement
   * affects invoices issued after it; undoing an applied one needs a reversing entry the ledger
   * does not offer yet (see README).
   */
  async applyTo(
    tx: EntityManager,
    account: StudentAccount,
    now: Date,
  ): Promise<Array<{ invoiceId: string; amount: string }>> {
    const records = (await this.history(tx, account.studentId)).map(toDomain);
    if (records.length === 0) return [];
    const invoices: InvoiceRow[] = await tx.query(
      `${INVOICE_SELECT} WHERE student_id = $1 AND status <> 'cancelled' ORDER BY issued_at, id`,
      [account.studentId],
    );
    const ledger = await this.ledgers.loadStudentLedger(tx, account.studentId);
    const before = ledger.entries.length;
    const asOf = provinceDate(now);
    const applied: Array<{ invoiceId: string; amount: string }> = [];
    for (const inv of invoices) {
      const lines: ObligationLine[] = inv.lines.map((l) => ({
        lineId: l.lineId,
        studentId: account.studentId,
        schoolId: inv.schoolId,
        feeCode: l.feeCode,
        feeName: l.feeName,
        kind: l.kind,
        schedule: l.schedule ?? 'monthly',
        mandatory: l.mandatory,
        periodKey: l.periodKey,
        term: inv.periodKey.endsWith('HK2') ? 2 : 1,
        serviceFrom: l.serviceFrom ?? inv.issuedOn,
        serviceUntil: l.serviceUntil ?? inv.issuedOn,
        fullAmount: BigInt(l.amount),
        amount: BigInt(l.amount),
        proration: (l.proration as ObligationLine['proration']) ?? {
          basis: 'none',
          charged: 1,
          of: 1,
        },
        legalBasis: '',
      }));
      const result = applyEntitlements(lines, records, asOf);
      const due = result.deducted - BigInt(inv.entitled);
      if (due <= 0n) continue;
      const recordId = result.lines.flatMap((l) => l.deductions.map((d) => d.recordId)).at(-1);
      try {
        applyEntitlement(ledger, {
          applicationId: uuidv7(),
          invoiceId: inv.id,
          date: asOf,
          amount: due,
          ...(recordId ? { recordId } : {}),
        });
      } catch (err) {
        throw toProblem(err);
      }
      await tx.query(`UPDATE invoice SET entitled = entitled + $2 WHERE id = $1`, [
        inv.id,
        due.toString(),
      ]);
      applied.push({ invoiceId: inv.id, amount: due.toString() });
    }
    if (applied.length === 0) return [];
    await this.ledgers.append(tx, entriesSince(ledger, before));
    await this.postings.settle(tx, account.studentId, ledger, now, undefined);
    return applied;
  }
}

const view = (r: RecordRow) => ({
  ...r,
  category: r.category,
  description: ENTITLEMENT_CATEGORIES[r.category]?.description,
  legalBasis: ENTITLEMENT_CATEGORIES[r.category]?.legalBasis,
});

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller()
export class EntitlementsController {
  constructor(private readonly service: EntitlementsService) {}

  /** The categories (Decree 81/2021 Art. 15, 16, 18; Decree 105/2020), with rates and legal basis. */
  @Get('entitlement-categories')
  @Policy({
    action: 'read',
    resource: 'entitlement-category',
    users: everyone(),
    clients: { [ClientScope.MasterDataRead]: Reach.All, [ClientScope.PaymentsRead]: Reach.All },
  })
  categories() {
    return Object.values(ENTITLEMENT_CATEGORIES).map((c) => ({
      ...c,
      ...(c.percent !== undefined ? { percent: c.percent.toString() } : {}),
      ...(c.monthlyAmount !== undefined ? { monthlyAmount: c.monthlyAmount.toString() } : {}),
    }));
  }

  /** The student's entitlement history (every decision, never edited). */
  @Get('students/:studentId/entitlements')
  @Policy(readStudentMoney('entitlement'))
  list(@Param('studentId', ParseUUIDPipe) studentId: string, @CurrentPrincipal() p: Principal) {
    return this.service.list(studentId, p);
  }

  /** The school approves (grant) or ends an entitlement; it is applied to the student's invoices at once. */
  @Post('students/:studentId/entitlements')
  @Policy({
    action: 'decide',
    resource: 'entitlement',
    users: MONEY_KEEPERS,
    target: { idParam: 'studentId' },
    personalData: true,
  })
  @Idempotent()
  decide(
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Body() dto: EntitlementDecisionDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.decide(studentId, dto, p);
  }
}
