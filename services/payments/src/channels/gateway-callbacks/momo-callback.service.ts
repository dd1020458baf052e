import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { evaluateMomoIpn, MomoIpnBody } from '../domain/gateways';
import type { PaymentsConfig } from '../../config';
import { GatewayOrdersRepository } from '../gateway-orders.repository';
import { CallbackApplication, countedCallback, Tally } from './callback-application.service';

/** MoMo-style IPN (POST JSON, HMAC-SHA256): verified, then applied once. */
@Injectable()
export class MomoCallbackService {
  private readonly logger = new Logger(MomoCallbackService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly orders: GatewayOrdersRepository,
    private readonly callbacks: CallbackApplication,
  ) {}

  momo(body: MomoIpnBody): Promise<number> {
    // MoMo retries a notification that was not acknowledged with 204
    return countedCallback('momo', this.logger, 500, (tally) => this.handle(body, tally));
  }

  /** Verifies the callback and applies it; `tally` says how it ended, for the metric. */
  private async handle(body: MomoIpnBody, tally: Tally): Promise<number> {
    const order = await this.orders.find(
      typeof body?.orderId === 'string' ? body.orderId : undefined,
    );
    const replayKey = body?.transId !== undefined ? `momo:${String(body.transId)}` : undefined;
    const seen = await this.callbacks.seen(replayKey);
    const decision = evaluateMomoIpn(body, {
      accessKey: this.config.MOMO_ACCESS_KEY,
      secretKey: this.config.MOMO_SECRET_KEY,
      partnerCode: this.config.MOMO_PARTNER_CODE,
      order: this.callbacks.snapshot(order, 'momo'),
      nowMs: Date.now(),
      maxAgeMs: this.config.CALLBACK_MAX_AGE_SECONDS * 1000,
      seen,
    });
    tally.outcome = decision.outcome;
    tally.reason = decision.reason ?? '';
    if (decision.outcome === 'rejected') {
      const amountText = String(body?.amount ?? '');
      await this.callbacks.reject(
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
      await this.orders.markFailed(order!.id, decision.resultCode, decision.result?.reasonVi);
      return 204;
    }
    if (decision.outcome === 'pending' || decision.outcome === 'merchantError') {
      await this.orders.noteResult(order!.id, decision.resultCode!);
      // Code, meaning and our order id only: nothing about the family or the student.
      const line = `momo order ${order!.id}: resultCode ${decision.resultCode} (${decision.result!.meaning})`;
      if (decision.outcome === 'merchantError')
        this.logger.error(`${line}: merchant configuration or request error, order left open`);
      else if (!decision.result!.known)
        this.logger.warn(`${line}: unknown code, kept pending and not credited`);
      return 204;
    }
    if (decision.outcome === 'reversed') {
      await this.callbacks.reversed('momo', order!, decision.amount!, String(body.transId), {
        resultCode: decision.resultCode,
      });
      return 204;
    }
    if (decision.outcome === 'secondPayment') {
      await this.callbacks.secondPayment(
        'momo',
        order!,
        decision.amount!,
        String(body.transId),
        replayKey,
      );
      return 204;
    }
    if (decision.outcome === 'duplicate') return 204;
    const applied = await this.callbacks.apply(
      'momo',
      order!,
      decision.amount!,
      String(body.transId),
      replayKey,
    );
    tally.outcome = applied;
    return 204;
  }
}
