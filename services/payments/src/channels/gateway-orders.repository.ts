import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type GatewayProvider = 'vnpay' | 'momo';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface OrderRow {
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

/** The orders families start at a gateway (vnp_TxnRef / MoMo orderId), with their invoice's state. */
@Injectable()
export class GatewayOrdersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async find(orderId: string | undefined): Promise<OrderRow | undefined> {
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

  /**
   * A failed payment at the gateway: the attempt ends with the gateway's code and, where known,
   * the reason shown to the family (Vietnamese); they start a new order to pay.
   */
  async markFailed(orderId: string, resultCode?: string, reasonVi?: string): Promise<void> {
    await this.ds.query(
      `UPDATE gateway_order SET status = 'failed', result_code = $2, failure_reason = $3, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [orderId, resultCode ?? null, reasonVi ?? null],
    );
  }

  /** A non-final (or configuration) result: the order stays pending; the last code is kept. */
  async noteResult(orderId: string, resultCode: string): Promise<void> {
    await this.ds.query(
      `UPDATE gateway_order SET result_code = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [orderId, resultCode],
    );
  }
}
