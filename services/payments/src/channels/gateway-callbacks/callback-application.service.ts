import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { countRedisFallback, REDIS, redisKey, SERVICE_CONFIG } from '@qn/service-kit';
import { CallbackOutcome, isSecondPayment, OrderSnapshot, RejectReason } from '../domain/gateways';
import { Vnd } from '../../shared/money';
import type { PaymentsConfig } from '../../config';
import { StudentAccounts } from '../../accounts/student-accounts';
import { Postings } from '../../ledger/postings';
import { ExceptionQueue } from '../../reconciliation/exception-queue.repository';
import { GatewayProvider, OrderRow } from '../gateway-orders.repository';

export const callbacks = new Counter({
  name: 'payments_gateway_callbacks_total',
  help: 'Gateway callbacks by provider and outcome (paid, failed, duplicate, rejected) and reason',
  labelNames: ['provider', 'outcome', 'reason'],
});

/** How a callback ended, counted by provider, outcome and reason. */
export interface Tally {
  outcome: CallbackOutcome | 'cancelled';
  reason: string;
}

/**
 * Runs one callback and counts how it ended. A failure answers `onError` (what makes that
 * gateway retry later) instead of propagating: the gateway, not our caller, decides the retry.
 */
export async function countedCallback<T>(
  provider: GatewayProvider,
  logger: Logger,
  onError: T,
  handle: (tally: Tally) => Promise<T>,
): Promise<T> {
  const tally: Tally = { outcome: 'rejected', reason: '' };
  try {
    return await handle(tally);
  } catch (err) {
    tally.reason = 'error';
    logger.error(`${provider} callback failed: ${(err as Error).message}`);
    return onError;
  } finally {
    callbacks.inc({ provider, ...tally });
  }
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
export class CallbackApplication {
  private readonly logger = new Logger(CallbackApplication.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
    private readonly exceptions: ExceptionQueue,
  ) {}

  private seenKey(replayKey: string) {
    return redisKey({ ...this.config, service: 'payments' }, 'seen', replayKey);
  }

  snapshot(o: OrderRow | undefined, provider: GatewayProvider): OrderSnapshot | undefined {
    // An order of the other gateway is not an order of this one.
    if (!o || o.provider !== provider) return undefined;
    return {
      orderId: o.id,
      amount: BigInt(o.amount),
      status: o.status,
      ...(o.paidBy !== null ? { paidBy: o.paidBy } : {}),
    };
  }

  async seen(replayKey: string | undefined): Promise<Set<string>> {
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
  async apply(
    provider: GatewayProvider,
    order: OrderRow,
    amount: Vnd,
    externalId: string,
    replayKey: string | undefined,
  ): Promise<'paid' | 'duplicate' | 'cancelled' | 'secondPayment'> {
    const result = await this.ds.transaction((tx) =>
      this.applyUnderLock(tx, provider, order, amount, externalId),
    );
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

  /** Under the student's lock: the order's state read again, then the payment booked once. */
  private async applyUnderLock(
    tx: EntityManager,
    provider: GatewayProvider,
    order: OrderRow,
    amount: Vnd,
    externalId: string,
  ): Promise<'paid' | 'duplicate' | 'cancelled' | 'secondPayment'> {
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
  }

  /** Records a second authentic payment for a paid order in the queue, for a refund. Never dropped. */
  async secondPayment(
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

  /** A final failure reported for the transaction that already credited the order: staff check. */
  async reversed(
    provider: GatewayProvider,
    order: OrderRow,
    amount: Vnd,
    externalId: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.exceptions.open({
      source: provider,
      kind: 'reversedAfterCredit',
      reason: `${provider} reported a final failure for transaction ${externalId}, which already paid order ${order.id}: check with the gateway whether the money arrived`,
      reference: `${provider}:${externalId}`,
      amount,
      invoiceId: order.invoiceId,
      studentId: order.studentId,
      detail: { orderId: order.id, externalId, ...detail },
    });
  }

  async reject(
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
}
