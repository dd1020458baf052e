import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import {
  evaluateVnpayIpn,
  VNPAY_RESPONSE,
  VnpayIpnResponse,
  vnpayAmountToVnd,
  VnpayParams,
} from '../domain/gateways';
import type { PaymentsConfig } from '../../config';
import { GatewayOrdersRepository } from '../gateway-orders.repository';
import { CallbackApplication, countedCallback, Tally } from './callback-application.service';

/** VNPay-style IPN (GET, vnp_* parameters, HMAC-SHA512): verified, then applied once. */
@Injectable()
export class VnpayCallbackService {
  private readonly logger = new Logger(VnpayCallbackService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly orders: GatewayOrdersRepository,
    private readonly callbacks: CallbackApplication,
  ) {}

  vnpay(params: VnpayParams): Promise<VnpayIpnResponse> {
    // the gateway retries later
    return countedCallback('vnpay', this.logger, VNPAY_RESPONSE.unknownError, (tally) =>
      this.handle(params, tally),
    );
  }

  /** Verifies the callback and applies it; `tally` says how it ended, for the metric. */
  private async handle(params: VnpayParams, tally: Tally): Promise<VnpayIpnResponse> {
    const order = await this.orders.find(params.vnp_TxnRef);
    const replayKey = params.vnp_TransactionNo ? `vnpay:${params.vnp_TransactionNo}` : undefined;
    const seen = await this.callbacks.seen(replayKey);
    const decision = evaluateVnpayIpn(params, {
      hashSecret: this.config.VNPAY_HASH_SECRET,
      tmnCode: this.config.VNPAY_TMN_CODE,
      order: this.callbacks.snapshot(order, 'vnpay'),
      nowMs: Date.now(),
      maxAgeMs: this.config.CALLBACK_MAX_AGE_SECONDS * 1000,
      seen,
    });
    tally.outcome = decision.outcome;
    tally.reason = decision.reason ?? '';
    if (decision.outcome === 'rejected') {
      await this.callbacks.reject(
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
      // VNPay's response code is kept on the order (no family-facing reason table for VNPay yet).
      await this.orders.markFailed(order!.id, params.vnp_ResponseCode);
      return decision.response;
    }
    if (decision.outcome === 'secondPayment') {
      await this.callbacks.secondPayment(
        'vnpay',
        order!,
        decision.amount!,
        params.vnp_TransactionNo!,
        replayKey,
      );
      return decision.response;
    }
    if (decision.outcome === 'duplicate') return decision.response;
    const applied = await this.callbacks.apply(
      'vnpay',
      order!,
      decision.amount!,
      params.vnp_TransactionNo ?? order!.id,
      replayKey,
    );
    tally.outcome = applied;
    // A cancelled invoice is no longer payable: "already confirmed" stops the gateway's retries; staff refund it.
    return applied === 'paid' ? VNPAY_RESPONSE.confirmSuccess : VNPAY_RESPONSE.alreadyConfirmed;
  }
}
