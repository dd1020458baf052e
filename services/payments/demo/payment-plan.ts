import { seededRandom } from '@qn/demo-kit';
/**
 * How the demo's families pay their invoices (pure, seeded): in each area segment a share of the
 * invoices stays unpaid for now, and of the amount paid, about the segment's cashless share goes
 * through a cashless channel (VNPay- or MoMo-style gateway, bank transfer with VietQR) and the
 * rest is cash at the school desk. The shares are chosen so the province's targets (003 target
 * 6: 100 % of the amount cashless in urban and rural areas, 65 % in ethnic-minority and mountain
 * areas) are met in some segments and missed in others, as in the 2024 report (000: urban
 * 86.45 %, rural 61.26 %).
 */

export type DemoChannel = 'vnpay' | 'momo' | 'bankTransfer' | 'cash' | 'unpaid';
export type CashlessChannel = Extract<DemoChannel, 'vnpay' | 'momo' | 'bankTransfer'>;

export interface DemoInvoice {
  invoiceId: string;
  /** The school's area segment, as on the invoice (`urban`, `rural`, `ethnic-minority-mountain`, `island`). */
  segment: string;
  /** What is still owed on it, integer VND. */
  amount: bigint;
}

export interface PaymentPlanOptions {
  /** Share of the amount paid that is paid cashless, per segment (0..1); other segments: `otherCashlessShare`. */
  cashlessShare: Record<string, number>;
  otherCashlessShare: number;
  /** Share of the invoices not paid yet (0..1), in every segment. */
  unpaidShare: number;
  /** How cashless payments split over the channels (weights). */
  cashlessMix: Record<CashlessChannel, number>;
  seed: number;
}

export const DEMO_PAYMENT_PLAN: Omit<PaymentPlanOptions, 'seed'> = {
  // urban meets its 100 % target, rural misses it, ethnic-minority/mountain meets its 65 %;
  // islands have no target.
  cashlessShare: { urban: 1, rural: 0.85, 'ethnic-minority-mountain': 0.7, island: 0.8 },
  otherCashlessShare: 0.8,
  unpaidShare: 0.1,
  cashlessMix: { vnpay: 0.45, momo: 0.25, bankTransfer: 0.3 },
};

function shuffled<T>(items: T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const share = (x: number, what: string) => {
  if (!(x >= 0 && x <= 1)) throw new Error(`${what} must be between 0 and 1, got ${x}`);
  return x;
};

/**
 * The channel of each invoice (by id). Per segment, in a seeded order: the first
 * round(n × unpaidShare) invoices stay unpaid; then invoices are paid cashless while the cashless
 * amount is below the segment's share of the amount paid, and in cash after. So the cashless
 * share by amount is at least the segment's share and above it by less than one invoice.
 * Invoices are taken in the order given before shuffling, so the same input and seed give the
 * same plan.
 */
export function planDemoPayments(
  invoices: DemoInvoice[],
  options: PaymentPlanOptions,
): Map<string, DemoChannel> {
  share(options.unpaidShare, 'unpaidShare');
  share(options.otherCashlessShare, 'otherCashlessShare');
  for (const [k, v] of Object.entries(options.cashlessShare)) share(v, `cashlessShare.${k}`);
  const mix = Object.entries(options.cashlessMix) as Array<[CashlessChannel, number]>;
  const weight = mix.reduce((s, [, w]) => s + w, 0);
  if (mix.some(([, w]) => !(w >= 0)) || !(weight > 0))
    throw new Error('cashlessMix needs non-negative weights, at least one positive');
  const ids = new Set<string>();
  for (const i of invoices) {
    if (ids.has(i.invoiceId)) throw new Error(`invoice ${i.invoiceId} is listed twice`);
    if (i.amount <= 0n) throw new Error(`invoice ${i.invoiceId}: nothing to pay`);
    ids.add(i.invoiceId);
  }
  const rnd = seededRandom(options.seed);
  const pickCashless = (): CashlessChannel => {
    let x = rnd() * weight;
    for (const [c, w] of mix) if ((x -= w) < 0) return c;
    return mix.filter(([, w]) => w > 0).at(-1)![0];
  };
  const plan = new Map<string, DemoChannel>();
  const segments = [...new Set(invoices.map((i) => i.segment))].sort();
  for (const segment of segments) {
    const target = options.cashlessShare[segment] ?? options.otherCashlessShare;
    const mine = shuffled(
      invoices.filter((i) => i.segment === segment),
      rnd,
    );
    const unpaid = Math.round(mine.length * options.unpaidShare);
    for (const i of mine.slice(0, unpaid)) plan.set(i.invoiceId, 'unpaid');
    const paid = mine.slice(unpaid);
    const total = paid.reduce((s, i) => s + i.amount, 0n);
    // cashless < target × total, in exact integers: cashless × 10^6 < round(target × 10^6) × total
    const scaled = BigInt(Math.round(target * 1_000_000));
    let cashless = 0n;
    for (const i of paid) {
      if (cashless * 1_000_000n < scaled * total) {
        plan.set(i.invoiceId, pickCashless());
        cashless += i.amount;
      } else plan.set(i.invoiceId, 'cash');
    }
  }
  return plan;
}

/** Per segment: invoices, amount paid, amount paid cashless and its share (0..1, null when nothing paid). */
export function cashlessShareBySegment(invoices: DemoInvoice[], plan: Map<string, DemoChannel>) {
  const out: Record<
    string,
    { invoices: number; unpaid: number; paid: bigint; cashless: bigint; share: number | null }
  > = {};
  for (const i of invoices) {
    const s = (out[i.segment] ??= { invoices: 0, unpaid: 0, paid: 0n, cashless: 0n, share: null });
    const channel = plan.get(i.invoiceId) ?? 'unpaid';
    s.invoices++;
    if (channel === 'unpaid') s.unpaid++;
    else {
      s.paid += i.amount;
      if (channel !== 'cash') s.cashless += i.amount;
    }
  }
  for (const s of Object.values(out))
    s.share = s.paid > 0n ? Number((s.cashless * 1_000_000n) / s.paid) / 1_000_000 : null;
  return out;
}
