/**
 * Statement reconciliation: a bank statement of transfers to the billed students by payment
 * code, POSTed as text/csv; the time is the HTTP round trip (parse, match, book, queue, event).
 */
import { randomUUID } from 'node:crypto';
import { statementCsv } from '../../services/payments/demo/simulator/gateway-simulator';
import type { BilledInvoice } from './billing';
import type { PaymentsBenchOptions, PaymentsBenchResult } from './options';

export async function reconcileStatement(
  o: PaymentsBenchOptions,
  url: string,
  provinceToken: string,
  invoices: BilledInvoice[],
): Promise<NonNullable<PaymentsBenchResult['statement']>> {
  const today = new Date().toISOString().slice(0, 10);
  const csv = statementCsv(
    Array.from({ length: o.statementLines }, (_, i) => {
      const inv = invoices[i % invoices.length]!;
      return {
        transactionId: `FT${String(i).padStart(12, '0')}`,
        bookingDate: today,
        amount: BigInt(500 + (i % 97)),
        description: `MBVCB.${i}.${inv.paymentCode}.chuyen tien hoc phi`,
      };
    }),
  );
  o.log(`statement: ${o.statementLines} lines (${(csv.length / 1e6).toFixed(1)} MB)`);
  const started = Date.now();
  const r = await fetch(`${url}/reconciliation/statements`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${provinceToken}`,
      'content-type': 'text/csv',
      'idempotency-key': randomUUID(),
    },
    body: csv,
  });
  const body = (await r.json()) as { booked?: number };
  const statement = {
    lines: o.statementLines,
    seconds: (Date.now() - started) / 1000,
    booked: body.booked ?? 0,
    status: r.status,
  };
  o.log(
    `statement: ${statement.seconds.toFixed(1)} s, ${statement.booked} booked (HTTP ${r.status})`,
  );
  return statement;
}
