/**
 * Which fee lines a payment settled (what the receipt, biên lai thu tiền, lists), derived from
 * how much of each invoice was covered before and after the payment.
 *
 * The ledger keeps one receivable per student and covers invoices oldest first (FIFO), so the
 * part of each invoice a payment covers is the difference of the invoice's paid part after and
 * before it. Within an invoice the paid part fills the lines in a fixed order, as a waterfall:
 *
 *   1. mandatory lines (tuition, học phí; student health insurance, BHYT) in line order,
 *   2. then the voluntary services (khoản thu dịch vụ, NQ 34/2021) in line order.
 *
 * Why this order rather than proportional shares: a school's receipt names what was paid in full
 * and what is still due, line by line; a partial payment is taken first against what the family
 * must pay by law (tuition, insurance), and the services the family chose to buy come after. It
 * also gives whole-đồng amounts without rounding, and the same answer however the payments were
 * split.
 *
 * Lines are taken net of the invoice's entitlements (miễn, giảm học phí; hỗ trợ): the
 * `entitled` total is deducted from tuition lines first (exemptions and reductions are of
 * tuition), then from the other lines in the same order, so a line the state pays is never
 * "settled" by the family's money.
 */
import { Vnd } from '../../shared/money';

export type ReceiptFeeKind = 'tuition' | 'healthInsurance' | 'service';

export interface ReceiptInvoiceLine {
  feeCode: string;
  feeName: string;
  kind: ReceiptFeeKind;
  periodKey: string;
  mandatory: boolean;
  amount: Vnd;
}

export interface ReceiptInvoice {
  id: string;
  /** Entitlements applied to the invoice (deducted from its lines, tuition first). */
  entitled: Vnd;
  lines: readonly ReceiptInvoiceLine[];
}

export interface ReceiptLine {
  invoiceId: string;
  feeCode: string;
  feeName: string;
  kind: ReceiptFeeKind;
  periodKey: string;
  amount: Vnd;
}

/** The order lines are paid in: mandatory first, then services; stable within each group. */
function paymentOrder(lines: readonly ReceiptInvoiceLine[]): ReceiptInvoiceLine[] {
  return [...lines.filter((l) => l.mandatory), ...lines.filter((l) => !l.mandatory)];
}

/** Each line's amount net of the invoice's entitlements (tuition lines absorb them first). */
export function netLines(invoice: ReceiptInvoice): Array<{ line: ReceiptInvoiceLine; net: Vnd }> {
  const ordered = paymentOrder(invoice.lines);
  const absorbOrder = [
    ...ordered.filter((l) => l.kind === 'tuition'),
    ...ordered.filter((l) => l.kind !== 'tuition'),
  ];
  const reduction = new Map<ReceiptInvoiceLine, Vnd>();
  let left = invoice.entitled > 0n ? invoice.entitled : 0n;
  for (const l of absorbOrder) {
    const take = left < l.amount ? left : l.amount;
    reduction.set(l, take);
    left -= take;
  }
  return ordered.map((line) => ({ line, net: line.amount - (reduction.get(line) ?? 0n) }));
}

/** The part of each line covered when `paid` đồng of the invoice (net) are covered. */
function waterfall(lines: Array<{ net: Vnd }>, paid: Vnd): Vnd[] {
  let left = paid > 0n ? paid : 0n;
  return lines.map(({ net }) => {
    const take = left < net ? left : net;
    left -= take;
    return take;
  });
}

/**
 * The lines a payment settled: for each invoice (in the order given, oldest first), the paid
 * part before (`paidBefore`) and after (`paidAfter`) the payment, spread over its lines.
 * Zero amounts are left out. The sum equals Σ (paidAfter − paidBefore).
 */
export function settledLines(
  invoices: readonly ReceiptInvoice[],
  paidBefore: ReadonlyMap<string, Vnd>,
  paidAfter: ReadonlyMap<string, Vnd>,
): ReceiptLine[] {
  const out: ReceiptLine[] = [];
  for (const invoice of invoices) {
    const before = paidBefore.get(invoice.id) ?? 0n;
    const after = paidAfter.get(invoice.id) ?? 0n;
    if (after <= before) continue;
    const lines = netLines(invoice);
    const was = waterfall(lines, before);
    const now = waterfall(lines, after);
    lines.forEach(({ line }, k) => {
      const amount = now[k]! - was[k]!;
      if (amount > 0n)
        out.push({
          invoiceId: invoice.id,
          feeCode: line.feeCode,
          feeName: line.feeName,
          kind: line.kind,
          periodKey: line.periodKey,
          amount,
        });
    });
  }
  return out;
}
