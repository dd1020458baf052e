import { Conflict, InvalidInput } from '@qn/contracts';
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
import { Allow, IsOptional, IsString, Length } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { MONEY_KEEPERS, readInvoice, readStudentMoney } from '../shared/access-policies';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import { StudentAccount, StudentAccounts } from '../accounts/student-accounts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { InvoiceRow, Postings } from '../ledger/postings';
import { amountField, currencyField, FieldError, textField } from '../shared/money-input';
import { StudentNotFound } from '../accounts/account-errors';
import { InvoiceAlreadyCancelled, InvoiceCancelled, InvoiceNotFound } from './invoice-errors';

export class CancelInvoiceDto {
  @ApiProperty({ example: 'Học sinh chuyển trường trước khi nhập học' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CashPaymentDto {
  @ApiProperty({ example: '1250000', description: 'Integer VND as a string of digits.' })
  @Allow()
  amount!: string;
  @ApiPropertyOptional({ example: 'VND' }) @Allow() currency?: string;
  @ApiPropertyOptional({
    description: 'Number of the paper receipt (biên lai) given to the family.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  receiptNo?: string;
}

export class RefundDto {
  @ApiProperty({ example: '200000' }) @Allow() amount!: string;
  @ApiPropertyOptional({ example: 'VND' }) @Allow() currency?: string;
  @ApiProperty({ example: 'Hoàn tiền nộp thừa' }) @Allow() reason!: string;
}

/** An invoice as the API shows it: amounts as integer VND strings, with what is still owed. */
export interface InvoiceView extends Omit<InvoiceRow, 'lines'> {
  lines: InvoiceRow['lines'];
  currency: 'VND';
  outstanding: string;
}

/**
 * Invoices, balances, cash at the desk, cancellation and refunds. Balances are folded from the
 * ledger on every read, never stored.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly postings: Postings,
    private readonly ledgers: LedgerRepository,
    private readonly accounts: StudentAccounts,
  ) {}

  async views(tx: EntityManager, studentId: string) {
    const ledger = await this.ledgers.loadPosition(tx, studentId);
    const invoices = await this.postings.invoicesOf(tx, studentId);
    const cov = this.postings.coverage(ledger, studentId, invoices);
    const views: InvoiceView[] = invoices.map((i) => ({
      ...i,
      currency: 'VND',
      outstanding: (cov.outstanding.get(i.id) ?? 0n).toString(),
    }));
    return { views, receivable: cov.receivable, credit: cov.credit };
  }

  /** Loads an invoice (404 when it does not exist); the policy guard answered the same 404 out of scope. */
  async visible(
    id: string,
    _p: Principal,
    tx: EntityManager = this.ds.manager,
  ): Promise<InvoiceRow> {
    const invoice = await this.postings.invoice(tx, id);
    if (!invoice) throw new InvoiceNotFound(id);
    return invoice;
  }

  async view(id: string, p: Principal): Promise<InvoiceView> {
    const invoice = await this.visible(id, p);
    const { views } = await this.views(this.ds.manager, invoice.studentId);
    return views.find((v) => v.id === id)!;
  }

  async studentAccount(studentId: string, _p: Principal) {
    const account = await this.accounts.get(this.ds.manager, studentId);
    if (!account) throw new StudentNotFound(studentId);
    const { views, receivable, credit } = await this.views(this.ds.manager, studentId);
    const payments = await this.ds.query(
      `SELECT id, invoice_id AS "invoiceId", channel, cashless, amount::text AS amount, applied::text AS "appliedAmount", credit::text AS "creditAmount",
              provider, external_id AS "externalReference", cashier, received_at AS "receivedAt"
         FROM payment WHERE student_id = $1 ORDER BY received_at, id`,
      [studentId],
    );
    return {
      studentId,
      paymentCode: account.paymentCode,
      schoolId: account.schoolId,
      currency: 'VND',
      owed: receivable.toString(),
      credit: credit.toString(),
      net: (receivable - credit).toString(),
      invoices: views,
      payments,
    };
  }

  /**
   * Runs `fn` with the invoice's student locked (the money operations of one student never
   * interleave); what it returns is the request's answer, recorded with its effect.
   */
  async withLockedInvoice<T>(
    id: string,
    p: Principal,
    fn: (tx: EntityManager, account: StudentAccount, invoice: InvoiceRow) => Promise<T>,
  ): Promise<T> {
    const pre = await this.visible(id, p);
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, pre.studentId))!;
      const invoice = (await this.postings.invoice(tx, id))!;
      return fn(tx, account, invoice);
    });
  }

  async cancel(id: string, reason: string, p: Principal): Promise<InvoiceView> {
    return this.withLockedInvoice(id, p, async (tx, account, invoice) => {
      if (invoice.status === 'cancelled') throw new InvoiceAlreadyCancelled(invoice.cancelReason);
      await this.postings.cancel(
        tx,
        account,
        invoice,
        reason.normalize('NFC').trim(),
        p.subject,
        new Date(),
      );
      const { views } = await this.views(tx, invoice.studentId);
      return views.find((v) => v.id === id)!;
    });
  }

  /** Tiền mặt at the school desk: recorded with the cashier, so the cashless share stays true. */
  async cash(id: string, dto: CashPaymentDto, p: Principal) {
    const errors: FieldError[] = [];
    const amount = amountField(dto.amount, 'amount', errors);
    currencyField(dto.currency, 'currency', errors);
    if (errors.length) throw new InvalidInput(errors);
    return this.withLockedInvoice(id, p, async (tx, account, invoice) => {
      if (invoice.status === 'cancelled') throw new InvoiceCancelled(invoice.cancelReason);
      const receivedAt = new Date();
      const record = await this.postings.receive(tx, account, {
        invoiceId: invoice.id,
        channel: 'cash',
        amount: amount!,
        provider: 'desk',
        // Receipt numbers are unique per school; without one, the payment is its own reference.
        externalId: dto.receiptNo ? `${invoice.schoolId}:${dto.receiptNo}` : `cash:${uuidv7()}`,
        cashier: p.subject,
        receivedAt,
      });
      if (!record)
        throw new Conflict(
          'receipt-already-used',
          'This receipt number was already recorded',
          `receipt ${dto.receiptNo} is on another payment`,
        );
      return { ...record, cashier: p.subject, currency: 'VND' };
    });
  }

  async refund(studentId: string, dto: RefundDto, p: Principal) {
    const errors: FieldError[] = [];
    const amount = amountField(dto.amount, 'amount', errors);
    currencyField(dto.currency, 'currency', errors);
    const reason = textField(dto.reason, 'reason', errors);
    if (errors.length) throw new InvalidInput(errors);
    const pre = await this.accounts.get(this.ds.manager, studentId);
    if (!pre) throw new StudentNotFound(studentId);
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, studentId))!;
      return {
        ...(await this.postings.refund(tx, account, amount!, reason!, p.subject, new Date())),
        currency: 'VND',
      };
    });
  }
}

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class InvoicesController {
  constructor(private readonly service: InvoicesService) {}

  @Get('invoices/:id')
  @Policy(readInvoice())
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.view(id, p);
  }

  /** What the family owes and holds as credit, every invoice and payment (balances derived from the ledger). */
  @Get('students/:studentId/account')
  @Policy(readStudentMoney('student-account'))
  account(@Param('studentId', ParseUUIDPipe) studentId: string, @CurrentPrincipal() p: Principal) {
    return this.service.studentAccount(studentId, p);
  }

  @Post('invoices/:id/cancel')
  @HttpCode(200)
  @Policy({
    action: 'cancel',
    resource: 'invoice',
    users: MONEY_KEEPERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent()
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelInvoiceDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.cancel(id, dto.reason, p);
  }

  @Post('invoices/:id/cash-payments')
  // Cash is taken at the school's own desk: the department records none.
  @Policy({
    action: 'record-cash-payment',
    resource: 'invoice',
    users: { principal: Reach.Unit, 'school-staff': Reach.Unit },
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent()
  cash(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CashPaymentDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.cash(id, dto, p);
  }

  /** Pays back part of the family's credit (overpayment, cancelled invoice). */
  @Post('students/:studentId/refunds')
  @Policy({
    action: 'refund',
    resource: 'refund',
    users: MONEY_KEEPERS,
    target: { idParam: 'studentId' },
    personalData: true,
  })
  @Idempotent()
  refund(
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Body() dto: RefundDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.refund(studentId, dto, p);
  }
}
