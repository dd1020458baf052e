import {
  cashlessShareBySegment,
  DEMO_PAYMENT_PLAN,
  DemoInvoice,
  planDemoPayments,
} from './payment-plan';

const SEGMENTS = ['urban', 'rural', 'ethnic-minority-mountain', 'island'];

/** Invoices of different sizes in every segment, as the demo bills them (tuition + insurance). */
function invoices(perSegment: number): DemoInvoice[] {
  return SEGMENTS.flatMap((segment, s) =>
    Array.from({ length: perSegment }, (_, i) => ({
      invoiceId: `${segment}-${i}`,
      segment,
      amount: BigInt(884_520 + ((i * 7 + s) % 5) * 150_000),
    })),
  );
}

describe('demo payment plan', () => {
  const all = invoices(120);
  const plan = planDemoPayments(all, { ...DEMO_PAYMENT_PLAN, seed: 2026 });

  it('gives every invoice a channel, the same for the same seed', () => {
    expect(plan.size).toBe(all.length);
    expect(planDemoPayments(all, { ...DEMO_PAYMENT_PLAN, seed: 2026 })).toEqual(plan);
    expect(planDemoPayments(all, { ...DEMO_PAYMENT_PLAN, seed: 7 })).not.toEqual(plan);
  });

  it('pays cashless at least the segment share of the amount, over by less than one invoice', () => {
    const shares = cashlessShareBySegment(all, plan);
    const largest = Number(all.reduce((m, i) => (i.amount > m ? i.amount : m), 0n));
    for (const segment of SEGMENTS) {
      const s = shares[segment];
      const target = DEMO_PAYMENT_PLAN.cashlessShare[segment];
      expect(s.unpaid).toBe(12);
      expect(s.share).toBeGreaterThanOrEqual(target);
      expect(s.share!).toBeLessThan(target + largest / Number(s.paid));
    }
  });

  it('meets the 100 % urban and 65 % mountain targets and misses the 100 % rural one', () => {
    const shares = cashlessShareBySegment(all, plan);
    expect(shares.urban.share).toBe(1);
    expect(shares['ethnic-minority-mountain'].share).toBeGreaterThanOrEqual(0.65);
    expect(shares.rural.share).toBeLessThan(1);
    const cashByUrban = all.filter(
      (i) => i.segment === 'urban' && plan.get(i.invoiceId) === 'cash',
    );
    expect(cashByUrban).toHaveLength(0);
  });

  it('uses every cashless channel and keeps cash in the segments below 100 %', () => {
    const used = new Set(plan.values());
    expect([...used].sort()).toEqual(['bankTransfer', 'cash', 'momo', 'unpaid', 'vnpay']);
  });

  it('handles a segment it has no share for, and no invoices', () => {
    const other = [{ invoiceId: 'x', segment: 'unspecified', amount: 100n }];
    expect(
      planDemoPayments(other, { ...DEMO_PAYMENT_PLAN, unpaidShare: 0, seed: 1 }).get('x'),
    ).not.toBe('cash'); // 80 % of one invoice: it is paid cashless
    expect(planDemoPayments([], { ...DEMO_PAYMENT_PLAN, seed: 1 }).size).toBe(0);
  });

  it('refuses bad input with a message', () => {
    const opts = { ...DEMO_PAYMENT_PLAN, seed: 1 };
    expect(() => planDemoPayments(all, { ...opts, unpaidShare: 1.5 })).toThrow(/unpaidShare/);
    expect(() => planDemoPayments(all, { ...opts, cashlessShare: { urban: -1 } })).toThrow(
      /cashlessShare.urban/,
    );
    expect(() =>
      planDemoPayments(all, { ...opts, cashlessMix: { vnpay: 0, momo: 0, bankTransfer: 0 } }),
    ).toThrow(/cashlessMix/);
    expect(() => planDemoPayments([all[0], all[0]], opts)).toThrow(/twice/);
    expect(() => planDemoPayments([{ ...all[0], amount: 0n }], opts)).toThrow(/nothing to pay/);
  });
});
