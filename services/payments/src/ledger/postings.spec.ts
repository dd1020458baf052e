import { applyEntitlement, issueInvoice, Ledger, receivePayment } from './domain/ledger';
import type { InvoiceRow } from './postings';
import { Postings } from './postings';

/** The FIFO view of one receivable over several invoices (pure: no database). */
describe('invoice coverage (payments settle the oldest invoice first)', () => {
  const postings = new Postings(undefined as never, undefined as never, undefined as never);
  const invoice = (id: string, amount: bigint, extra: Partial<InvoiceRow> = {}): InvoiceRow =>
    ({
      id,
      studentId: 's',
      amount: amount.toString(),
      entitled: '0',
      status: 'open',
      ...extra,
    }) as InvoiceRow;

  const ledgerWith = (invoices: Array<[string, bigint]>, paid: bigint[]) => {
    const ledger = new Ledger();
    for (const [id, amount] of invoices)
      issueInvoice(ledger, {
        invoiceId: id,
        studentId: 's',
        date: '2025-09-05',
        lines: [{ kind: 'tuition', amount }],
      });
    paid.forEach((amount, k) =>
      receivePayment(ledger, {
        paymentId: `p${k}`,
        studentId: 's',
        channel: 'vietqr',
        amount,
        date: '2025-09-10',
      }),
    );
    return ledger;
  };

  it('covers the oldest first, leaves the rest outstanding', () => {
    const ledger = ledgerWith(
      [
        ['a', 1_000_000n],
        ['b', 500_000n],
      ],
      [1_200_000n],
    );
    const c = postings.coverage(ledger, 's', [invoice('a', 1_000_000n), invoice('b', 500_000n)]);
    expect(c.outstanding).toEqual(
      new Map([
        ['a', 0n],
        ['b', 300_000n],
      ]),
    );
    expect(c.receivable).toBe(300_000n);
    expect(c.credit).toBe(0n);
  });

  it('keeps overpayment as credit and counts entitlements off what is owed', () => {
    const ledger = ledgerWith([['a', 1_000_000n]], [1_100_000n]);
    expect(postings.coverage(ledger, 's', [invoice('a', 1_000_000n)])).toMatchObject({
      outstanding: new Map([['a', 0n]]),
      receivable: 0n,
      credit: 100_000n,
    });
    const partly = ledgerWith([['a', 1_000_000n]], [100_000n]);
    applyEntitlement(partly, {
      applicationId: 'e1',
      invoiceId: 'a',
      date: '2025-09-12',
      amount: 700_000n,
    });
    // The entitlement is on the invoice row (entitled) and in the ledger (it moved the receivable).
    const c = postings.coverage(partly, 's', [invoice('a', 1_000_000n, { entitled: '700000' })]);
    expect(c.outstanding.get('a')).toBe(200_000n);
    expect(c.receivable).toBe(200_000n);
  });

  it('ignores cancelled invoices', () => {
    const ledger = ledgerWith([['b', 500_000n]], []);
    const c = postings.coverage(ledger, 's', [
      invoice('a', 1_000_000n, { status: 'cancelled' }),
      invoice('b', 500_000n),
    ]);
    expect([...c.outstanding]).toEqual([['b', 500_000n]]);
  });
});
