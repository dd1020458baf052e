import { netLines, ReceiptInvoice, ReceiptInvoiceLine, settledLines } from './receipt-lines';

const line = (
  feeCode: string,
  kind: ReceiptInvoiceLine['kind'],
  amount: bigint,
  periodKey = '2025-2026/HK1',
): ReceiptInvoiceLine => ({
  feeCode,
  feeName: `Khoản ${feeCode}`,
  kind,
  periodKey,
  mandatory: kind !== 'service',
  amount,
});

// Lines deliberately not in payment order: a service first.
const hk1: ReceiptInvoice = {
  id: 'inv-hk1',
  entitled: 0n,
  lines: [
    line('BAN-TRU', 'service', 300_000n),
    line('HOC-PHI', 'tuition', 500_000n),
    line('BHYT', 'healthInsurance', 200_000n),
    line('NUOC', 'service', 50_000n),
  ],
};
const hk2: ReceiptInvoice = {
  id: 'inv-hk2',
  entitled: 0n,
  lines: [line('HOC-PHI', 'tuition', 500_000n, '2025-2026/HK2')],
};

const paid = (entries: Array<[string, bigint]>) => new Map(entries);
const brief = (lines: ReturnType<typeof settledLines>) =>
  lines.map((l) => [l.invoiceId, l.feeCode, l.amount]);

describe('receipt lines: what a payment settled', () => {
  it.each([
    ['nothing paid', [], [], []],
    [
      'the whole invoice',
      [],
      [['inv-hk1', 1_050_000n]],
      [
        ['inv-hk1', 'HOC-PHI', 500_000n],
        ['inv-hk1', 'BHYT', 200_000n],
        ['inv-hk1', 'BAN-TRU', 300_000n],
        ['inv-hk1', 'NUOC', 50_000n],
      ],
    ],
    [
      'part: mandatory lines first',
      [],
      [['inv-hk1', 600_000n]],
      [
        ['inv-hk1', 'HOC-PHI', 500_000n],
        ['inv-hk1', 'BHYT', 100_000n],
      ],
    ],
    [
      'the rest of a partly paid invoice',
      [['inv-hk1', 600_000n]],
      [['inv-hk1', 1_050_000n]],
      [
        ['inv-hk1', 'BHYT', 100_000n],
        ['inv-hk1', 'BAN-TRU', 300_000n],
        ['inv-hk1', 'NUOC', 50_000n],
      ],
    ],
    [
      'spanning two invoices, oldest first',
      [['inv-hk1', 1_000_000n]],
      [
        ['inv-hk1', 1_050_000n],
        ['inv-hk2', 200_000n],
      ],
      [
        ['inv-hk1', 'NUOC', 50_000n],
        ['inv-hk2', 'HOC-PHI', 200_000n],
      ],
    ],
  ] as Array<[string, Array<[string, bigint]>, Array<[string, bigint]>, unknown[]]>)(
    '%s',
    (_name, before, after, expected) => {
      const lines = settledLines([hk1, hk2], paid(before), paid(after));
      expect(brief(lines)).toEqual(expected);
      const delta = after.reduce((s, [, v]) => s + v, 0n) - before.reduce((s, [, v]) => s + v, 0n);
      expect(lines.reduce((s, l) => s + l.amount, 0n)).toBe(delta);
    },
  );

  it('carries each line’s name, kind and period as on the invoice', () => {
    expect(settledLines([hk2], paid([]), paid([['inv-hk2', 1n]]))).toEqual([
      {
        invoiceId: 'inv-hk2',
        feeCode: 'HOC-PHI',
        feeName: 'Khoản HOC-PHI',
        kind: 'tuition',
        periodKey: '2025-2026/HK2',
        amount: 1n,
      },
    ]);
  });

  it('entitlements reduce tuition first: the state’s part is never settled by the family', () => {
    const reduced = { ...hk1, entitled: 350_000n }; // 70 % of 500 000 tuition
    expect(netLines(reduced).map((l) => [l.line.feeCode, l.net])).toEqual([
      ['HOC-PHI', 150_000n],
      ['BHYT', 200_000n],
      ['BAN-TRU', 300_000n],
      ['NUOC', 50_000n],
    ]);
    expect(brief(settledLines([reduced], paid([]), paid([['inv-hk1', 400_000n]])))).toEqual([
      ['inv-hk1', 'HOC-PHI', 150_000n],
      ['inv-hk1', 'BHYT', 200_000n],
      ['inv-hk1', 'BAN-TRU', 50_000n],
    ]);
    // An exemption larger than tuition spills to the next lines in order.
    const exempt = { ...hk1, entitled: 600_000n };
    expect(netLines(exempt).map((l) => l.net)).toEqual([0n, 100_000n, 300_000n, 50_000n]);
  });

  it('split payments settle the same lines in total as one payment', () => {
    const steps = [0n, 123_457n, 650_001n, 1_050_000n];
    const parts = steps
      .slice(1)
      .flatMap((to, k) =>
        settledLines([hk1], paid([['inv-hk1', steps[k]!]]), paid([['inv-hk1', to]])),
      );
    const total = new Map<string, bigint>();
    for (const p of parts) total.set(p.feeCode, (total.get(p.feeCode) ?? 0n) + p.amount);
    expect(Object.fromEntries(total)).toEqual({
      'HOC-PHI': 500_000n,
      BHYT: 200_000n,
      'BAN-TRU': 300_000n,
      NUOC: 50_000n,
    });
  });
});
