import { InvalidInput } from '@qn/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Allow, IsIn } from 'class-validator';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CurrentPrincipal, Policy, Principal, Public, Reach } from '@qn/auth';
import {
  countRedisFallback,
  Idempotent,
  idempotentTransaction,
  REDIS,
  redisKey,
  SERVICE_CONFIG,
} from '@qn/service-kit';
import {
  CallbackOutcome,
  evaluateMomoIpn,
  evaluateVnpayIpn,
  isSecondPayment,
  MomoIpnBody,
  OrderSnapshot,
  RejectReason,
  VNPAY_RESPONSE,
  VnpayIpnResponse,
  vnpayAmountToVnd,
  VnpayParams,
} from './domain/gateways';
import { Vnd } from '../shared/money';
import type { PaymentsConfig } from '../config';
import { StudentAccounts } from '../accounts/student-accounts';
import { Postings } from '../ledger/postings';
import { InvoicesService } from '../invoices/invoices';
import { ExceptionQueue } from '../reconciliation/exception-queue';
import { amountField, FieldError } from '../shared/money-input';
import { InvoiceCancelled, NothingOwed } from '../invoices/invoice-errors';

export type GatewayProvider = 'vnpay' | 'momo';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const callbacks = new Counter({
  name: 'payments_gateway_callbacks_total',
  help: 'Gateway callbacks by provider and outcome (paid, failed, duplicate, rejected) and reason',
  labelNames: ['provider', 'outcome', 'reason'],
});

export class CreateOrderDto {
  @ApiProperty({ enum: ['vnpay', 'momo'] })
  @IsIn(['vnpay', 'momo'], { message: 'provider must be vnpay or momo' })
  provider!: GatewayProvider;
  @ApiPropertyOptional({ description: 'Integer VND string; default: what is still owed.' })
  @Allow()
  amount?: string;
}

interface OrderRow {
  id: string;
  provider: GatewayProvider;
  invoiceId: string;
  studentId: string;
  amount: string;
  status: 'pending' | 'paid' | 'failed';
  invoiceStatus: 'open' | 'settled' | 'cancelled';
  /** The gateway transaction that paid the order. */
  paidBy: string | null;
}

/** Which rejections staff must look at: authentic callbacks that could not be applied. */
const NEEDS_STAFF: ReadonlySet<RejectReason> = new Set([
  'orderNotFound',
  'invalidAmount',
  'stale',
  'future',
]);

/**
 * Signed callbacks (IPN) of the gateways, verified by the pure domain functions; then applied
 * exactly once. Replay protection in three layers: the timestamp window (domain), seen
 * transaction ids in Redis (cheap early answer for retries), and the unique (provider, external
 * id) constraint on payments in PostgreSQL, which is what makes two concurrent deliveries credit
 * once even when both pass the Redis check. Forged or malformed callbacks are counted and
 * logged, not queued for staff (nothing for them to do, and a flood must not fill the queue).
 */
@Injectable()
export class GatewayService {
  private readonly logger = new Logger(GatewayService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
    private readonly invoices: InvoicesService,
    private readonly exceptions: ExceptionQueue,
  ) {}

  private seenKey(replayKey: string) {
    return redisKey({ ...this.config, service: 'payments' }, 'seen', replayKey);
  }

  async createOrder(invoiceId: string, dto: CreateOrderDto, p: Principal) {
    const errors: FieldError[] = [];
    const requested =
      dto.amount === undefined ? undefined : amountField(dto.amount, 'amount', errors);
    if (errors.length) throw new InvalidInput(errors);
    const invoice = await this.invoices.view(invoiceId, p);
    if (invoice.status === 'cancelled') throw new InvoiceCancelled(invoice.cancelReason);
    const owed = BigInt(invoice.outstanding);
    // An order never asks for more than is owed: an overpayment by card would have to be refunded.
    if (requested !== undefined && requested > owed)
      throw new InvalidInput([
        { field: 'amount', message: `must not exceed what is owed on the invoice (${owed} VND)` },
      ]);
    const amount = requested ?? owed;
    if (amount === 0n) throw new NothingOwed();
    const id = uuidv7();
    return idempotentTransaction(this.ds, async (tx) => {
      await tx.query(
        `INSERT INTO gateway_order (id, provider, invoice_id, student_id, amount, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, dto.provider, invoice.id, invoice.studentId, amount.toString(), p.subject],
      );
      return {
        orderId: id,
        provider: dto.provider,
        invoiceId: invoice.id,
        paymentCode: invoice.paymentCode,
        amount: amount.toString(),
        currency: 'VND',
        status: 'pending',
      };
    });
  }

  private async order(orderId: string | undefined): Promise<OrderRow | undefined> {
    if (!orderId || !UUID.test(orderId)) return undefined;
    const rows: OrderRow[] = await this.ds.query(
      `SELECT o.id, o.provider, o.invoice_id AS "invoiceId", o.student_id AS "studentId", o.amount::text AS amount, o.status,
              i.status AS "invoiceStatus", p.external_id AS "paidBy"
         FROM gateway_order o JOIN invoice i ON i.id = o.invoice_id LEFT JOIN payment p ON p.id = o.payment_id
        WHERE o.id = $1`,
      [orderId],
    );
    return rows[0];
  }

  private snapshot(o: OrderRow | undefined, provider: GatewayProvider): OrderSnapshot | undefined {
    // An order of the other gateway is not an order of this one.
    if (!o || o.provider !== provider) return undefined;
    return {
      orderId: o.id,
      amount: BigInt(o.amount),
      status: o.status,
      ...(o.paidBy !== null ? { paidBy: o.paidBy } : {}),
    };
  }

  private async seen(replayKey: string | undefined): Promise<Set<string>> {
    if (!replayKey) return new Set();
    // Redis failing is a miss: the order's state under the student's lock decides (apply).
    const hit = await this.redis.exists(this.seenKey(replayKey)).catch(() => {
      countRedisFallback('payments-callback-seen');
      return 0;
    });
    return new Set(hit ? [replayKey] : []);
  }

  /**
   * Applies an authentic, successful callback. Returns 'paid', or 'duplicate' when this
   * transaction (or another one for the same order) was already applied, or 'cancelled' when the
   * invoice was cancelled meanwhile (queued for staff; the gateway must refund).
   */
  private async apply(
    provider: GatewayProvider,
    order: OrderRow,
    amount: Vnd,
    externalId: string,
    replayKey: string | undefined,
  ): Promise<'paid' | 'duplicate' | 'cancelled' | 'secondPayment'> {
    const result = await this.ds.transaction(async (tx) => {
      // The student's lock serialises every money operation of the student; under it, the
      // order must still be pending (a concurrent duplicate finds it paid). Two statements on
      // purpose: a row locked after waiting is re-read, but rows joined to it in the same
      // statement come from the snapshot taken before the wait — the order would look pending.
      const account = await this.accounts.lock(tx, order.studentId);
      const [current]: Array<{ status: string; invoiceStatus: string; paidBy: string | null }> =
        await tx.query(
          `SELECT o.status, i.status AS "invoiceStatus", p.external_id AS "paidBy"
             FROM gateway_order o JOIN invoice i ON i.id = o.invoice_id LEFT JOIN payment p ON p.id = o.payment_id
            WHERE o.id = $1`,
          [order.id],
        );
      // Another transaction paid this order while we waited: a second payment, not a repeat.
      const state = {
        status: current!.status as OrderSnapshot['status'],
        paidBy: current!.paidBy ?? undefined,
      };
      if (isSecondPayment(state, externalId)) return 'secondPayment' as const;
      if (current!.status !== 'pending') return 'duplicate' as const;
      if (current!.invoiceStatus === 'cancelled') return 'cancelled' as const;
      const record = await this.postings.receive(
        tx,
        account!,
        {
          invoiceId: order.invoiceId,
          channel: provider,
          amount,
          provider,
          externalId,
          receivedAt: new Date(),
        },
        undefined,
        { checkedUnderLock: true },
      );
      if (!record) return 'duplicate' as const;
      await tx.query(
        `UPDATE gateway_order SET status = 'paid', payment_id = $2, updated_at = now() WHERE id = $1`,
        [order.id, record.paymentId],
      );
      return 'paid' as const;
    });
    if (result !== 'cancelled' && replayKey)
      await this.redis
        .set(this.seenKey(replayKey), '1', 'EX', this.config.CALLBACK_SEEN_TTL_SECONDS)
        .catch(() => countRedisFallback('payments-callback-seen'));
    if (result === 'secondPayment')
      await this.secondPayment(provider, order, amount, externalId, replayKey);
    if (result === 'cancelled')
      await this.exceptions.open({
        source: provider,
        kind: 'invoiceCancelled',
        reason: `${provider} confirmed a payment for invoice ${order.invoiceId}, which is cancelled: refund it through the gateway or apply it elsewhere`,
        reference: replayKey ?? `${provider}:${order.id}`,
        amount,
        invoiceId: order.invoiceId,
        studentId: order.studentId,
        detail: { orderId: order.id, externalId },
      });
    return result;
  }

  /** Records a second authentic payment for a paid order in the queue, for a refund. Never dropped. */
  private async secondPayment(
    provider: GatewayProvider,
    order: OrderRow,
    amount: Vnd,
    externalId: string,
    replayKey: string | undefined,
  ): Promise<void> {
    await this.exceptions.open({
      source: provider,
      kind: 'secondPayment',
      reason: `${provider} confirmed a second payment for order ${order.id}, already paid by another transaction: refund it through the gateway`,
      reference: replayKey ?? `${provider}:${externalId}`,
      amount,
      invoiceId: order.invoiceId,
      studentId: order.studentId,
      detail: { orderId: order.id, externalId },
    });
  }

  private async reject(
    provider: GatewayProvider,
    reason: RejectReason | undefined,
    reference: string,
    amount: Vnd | undefined,
    order: OrderRow | undefined,
    detail: Record<string, unknown>,
  ) {
    if (!reason) return;
    if (!NEEDS_STAFF.has(reason)) {
      this.logger.warn(`${provider} callback refused (${reason}): ${reference}`);
      return;
    }
    await this.exceptions.open({
      source: provider,
      kind: reason,
      reason: {
        orderNotFound: 'authentic callback for an order this service did not create',
        invalidAmount: 'authentic callback whose amount differs from the order',
        stale: `callback older than ${this.config.CALLBACK_MAX_AGE_SECONDS} s`,
        future: 'callback stamped in the future (clock skew?)',
      }[reason as 'stale'],
      reference,
      amount,
      invoiceId: order?.invoiceId,
      studentId: order?.studentId,
      detail,
    });
  }

  async vnpay(params: VnpayParams): Promise<VnpayIpnResponse> {
    let outcome: CallbackOutcome | 'cancelled' = 'rejected';
    let reason: string = '';
    try {
      const order = await this.order(params.vnp_TxnRef);
      const replayKey = params.vnp_TransactionNo ? `vnpay:${params.vnp_TransactionNo}` : undefined;
      const seen = await this.seen(replayKey);
      const decision = evaluateVnpayIpn(params, {
        hashSecret: this.config.VNPAY_HASH_SECRET,
        tmnCode: this.config.VNPAY_TMN_CODE,
        order: this.snapshot(order, 'vnpay'),
        nowMs: Date.now(),
        maxAgeMs: this.config.CALLBACK_MAX_AGE_SECONDS * 1000,
        seen,
      });
      outcome = decision.outcome;
      reason = decision.reason ?? '';
      if (decision.outcome === 'rejected') {
        await this.reject(
          'vnpay',
          decision.reason,
          replayKey ?? `vnpay:order:${params.vnp_TxnRef}`,
          vnpayAmountToVnd(params.vnp_Amount),
          order,
          {
            txnRef: params.vnp_TxnRef,
            transactionNo: params.vnp_TransactionNo,
            payDate: params.vnp_PayDate,
          },
        );
        return decision.response;
      }
      if (decision.outcome === 'failed') {
        await this.ds.query(
          `UPDATE gateway_order SET status = 'failed', updated_at = now() WHERE id = $1 AND status = 'pending'`,
          [order!.id],
        );
        return decision.response;
      }
      if (decision.outcome === 'secondPayment') {
        await this.secondPayment(
          'vnpay',
          order!,
          decision.amount!,
          params.vnp_TransactionNo!,
          replayKey,
        );
        return decision.response;
      }
      if (decision.outcome === 'duplicate') return decision.response;
      const applied = await this.apply(
        'vnpay',
        order!,
        decision.amount!,
        params.vnp_TransactionNo ?? order!.id,
        replayKey,
      );
      outcome = applied;
      // A cancelled invoice is no longer payable: "already confirmed" stops the gateway's retries; staff refund it.
      return applied === 'paid' ? VNPAY_RESPONSE.confirmSuccess : VNPAY_RESPONSE.alreadyConfirmed;
    } catch (err) {
      reason = 'error';
      this.logger.error(`vnpay callback failed: ${(err as Error).message}`);
      return VNPAY_RESPONSE.unknownError; // the gateway retries later
    } finally {
      callbacks.inc({ provider: 'vnpay', outcome, reason });
    }
  }

  async momo(body: MomoIpnBody): Promise<number> {
    let outcome: CallbackOutcome | 'cancelled' = 'rejected';
    let reason: string = '';
    try {
      const order = await this.order(typeof body?.orderId === 'string' ? body.orderId : undefined);
      const replayKey = body?.transId !== undefined ? `momo:${String(body.transId)}` : undefined;
      const seen = await this.seen(replayKey);
      const decision = evaluateMomoIpn(body, {
        accessKey: this.config.MOMO_ACCESS_KEY,
        secretKey: this.config.MOMO_SECRET_KEY,
        partnerCode: this.config.MOMO_PARTNER_CODE,
        order: this.snapshot(order, 'momo'),
        nowMs: Date.now(),
        maxAgeMs: this.config.CALLBACK_MAX_AGE_SECONDS * 1000,
        seen,
      });
      outcome = decision.outcome;
      reason = decision.reason ?? '';
      if (decision.outcome === 'rejected') {
        const amountText = String(body?.amount ?? '');
        await this.reject(
          'momo',
          decision.reason,
          replayKey ?? `momo:order:${String(body?.orderId)}`,
          /^\d{1,18}$/.test(amountText) ? BigInt(amountText) : undefined,
          order,
          { orderId: body?.orderId, transId: body?.transId, responseTime: body?.responseTime },
        );
        return decision.httpStatus;
      }
      if (decision.outcome === 'failed') {
        await this.ds.query(
          `UPDATE gateway_order SET status = 'failed', updated_at = now() WHERE id = $1 AND status = 'pending'`,
          [order!.id],
        );
        return 204;
      }
      if (decision.outcome === 'secondPayment') {
        await this.secondPayment('momo', order!, decision.amount!, String(body.transId), replayKey);
        return 204;
      }
      if (decision.outcome === 'duplicate') return 204;
      const applied = await this.apply(
        'momo',
        order!,
        decision.amount!,
        String(body.transId),
        replayKey,
      );
      outcome = applied;
      return 204;
    } catch (err) {
      reason = 'error';
      this.logger.error(`momo callback failed: ${(err as Error).message}`);
      return 500; // MoMo retries a notification that was not acknowledged with 204
    } finally {
      callbacks.inc({ provider: 'momo', outcome, reason });
    }
  }
}

@ApiTags('channels')
@Controller()
export class GatewaysController {
  constructor(private readonly service: GatewayService) {}

  /** Starts a payment at a gateway for an invoice (the order id is vnp_TxnRef / MoMo orderId). */
  @Post('invoices/:id/gateway-orders')
  @ApiBearerAuth()
  @Policy({
    action: 'create',
    resource: 'gateway-order',
    // The family pays online; the school's desk may start an order for a family at the counter.
    users: {
      province: Reach.All,
      principal: Reach.Unit,
      'school-staff': Reach.Unit,
      family: Reach.Guardian,
    },
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent()
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateOrderDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.createOrder(id, dto, p);
  }

  /** VNPay-style IPN: GET with vnp_* parameters, HMAC-SHA512; answers {RspCode, Message}. */
  @Get('gateways/vnpay/ipn')
  @Public()
  @HttpCode(200)
  vnpay(@Query() query: Record<string, string>) {
    return this.service.vnpay(query);
  }

  /** MoMo-style IPN: POST JSON, HMAC-SHA256; answers 204 once taken into account. */
  @Post('gateways/momo/ipn')
  @Public()
  async momo(@Body() body: MomoIpnBody, @Res() res: Response) {
    res.status(await this.service.momo(body)).end();
  }
}
