import fc from 'fast-check';
import {
  Account,
  applyEntitlement,
  approveRefund,
  cancelInvoice,
  cashlessShareBasisPoints,
  Channel,
  CHANNELS,
  collectionAccount,
  EntryLine,
  foldBalances,
  invoiceState,
  issueInvoice,
  Ledger,
  LedgerError,
  payRefund,
  receivedByChannel,
  receivePayment,
  settle,
  studentPosition,
  validateEntry,
} from './ledger';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof LedgerError) return e.code;
    throw e;
  }
  return undefined;
}

describe('postEntry', () => {
  const d = '2025-09-15';

  it('posts a balanced entry and derives balances from it', () => {
    const ledger = new Ledger();
    const entry = ledger.postEntry({
      entryId: 'e1',
      date: d,
      kind: 'invoiceIssued',
      lines: [
        { account: 'receivable:HS1', debit: 300_000n },
        { account: 'feeIncome:tuition', credit: 250_000n },
        { account: 'feeIncome:service', credit: 50_000n },
      ],
    });
    expect(entry.sequence).toBe(1);
    expect(ledger.balance('receivable:HS1')).toBe(300_000n);
    expect(ledger.balance('feeIncome:tuition')).toBe(-250_000n);
    expect(ledger.balance('never-used')).toBe(0n);
    expect(ledger.trialBalance()).toEqual({ debits: 300_000n, credits: 300_000n });
  });

  it.each([
    [
      'unbalanced',
      [
        { account: 'a', debit: 100n },
        { account: 'b', credit: 99n },
      ],
      'unbalanced',
    ],
    [
      'a zero line',
      [
        { account: 'a', debit: 0n },
        { account: 'b', credit: 0n },
      ],
      'invalidLine',
    ],
    [
      'a negative line',
      [
        { account: 'a', debit: -5n },
        { account: 'b', credit: -5n },
      ],
      'invalidLine',
    ],
    ['a single line', [{ account: 'a', debit: 5n }], 'invalidLine'],
    [
      'debit and credit on one line',
      [
        { account: 'a', debit: 5n, credit: 5n },
        { account: 'b', credit: 0n },
      ],
      'invalidLine',
    ],
    ['neither debit nor credit', [{ account: 'a' }, { account: 'b', credit: 5n }], 'invalidLine'],
    [
      'a float amount',
      [
        { account: 'a', debit: 0.5 },
        { account: 'b', credit: 0.5 },
      ],
      'invalidLine',
    ],
    [
      'an empty account',
      [
        { account: '', debit: 5n },
        { account: 'b', credit: 5n },
      ],
      'invalidLine',
    ],
  ])('refuses %s', (_name, lines, expected) => {
    const ledger = new Ledger();
    expect(
      code(() =>
        ledger.postEntry({
          entryId: 'x',
          date: d,
          kind: 'settlement',
          lines: lines as unknown as EntryLine[],
        }),
      ),
    ).toBe(expected);
    expect(ledger.entries).toHaveLength(0);
  });

  it('refuses a second entry with the same id and a bad date', () => {
    const ledger = new Ledger();
    const lines = [
      { account: 'a', debit: 5n },
      { account: 'b', credit: 5n },
    ];
    ledger.postEntry({ entryId: 'x', date: d, kind: 'settlement', lines });
    expect(code(() => ledger.postEntry({ entryId: 'x', date: d, kind: 'settlement', lines }))).toBe(
      'duplicateEntry',
    );
    expect(() =>
      ledger.postEntry({ entryId: 'y', date: '2025-02-30', kind: 'settlement', lines }),
    ).toThrow(RangeError);
  });

  it('postEntries is all or nothing', () => {
    const ledger = new Ledger();
    const good = {
      entryId: 'g',
      date: d,
      kind: 'settlement' as const,
      lines: [
        { account: 'a', debit: 5n },
        { account: 'b', credit: 5n },
      ],
    };
    const bad = {
      entryId: 'b',
      date: d,
      kind: 'settlement' as const,
      lines: [
        { account: 'a', debit: 5n },
        { account: 'b', credit: 4n },
      ],
    };
    expect(code(() => ledger.postEntries([good, bad]))).toBe('unbalanced');
    expect(ledger.entries).toHaveLength(0);
  });

  it('entries are frozen and snapshots cannot change the ledger', () => {
    const ledger = new Ledger();
    const e = ledger.postEntry({
      entryId: 'x',
      date: d,
      kind: 'settlement',
      lines: [
        { account: 'a', debit: 5n },
        { account: 'b', credit: 5n },
      ],
    });
    expect(() => {
      (e.lines[0] as { debit: bigint }).debit = 500n;
    }).toThrow(TypeError);
    expect(() => {
      (ledger.entries as unknown as unknown[]).push(e);
    }).toThrow(TypeError);
    const copy = ledger.balances();
    copy.set('a', 1_000_000n);
    expect(ledger.balance('a')).toBe(5n);
    expect(foldBalances(ledger.entries)).toEqual(ledger.balances());
  });
});

describe('a family’s year, entry by entry', () => {
  const ledger = new Ledger();
  const lan = 'HS-LAN';
  const pos = () => studentPosition(ledger, lan);

  it('1. HK1 invoice: tuition 1.200.000 + health insurance 884.520 + services 2.000.000', () => {
    const [entry] = issueInvoice(ledger, {
      invoiceId: 'HP2026000014',
      studentId: lan,
      date: '2025-09-10',
      lines: [
        { kind: 'tuition', amount: 1_200_000n },
        { kind: 'healthInsurance', amount: 884_520n },
        { kind: 'service', amount: 2_000_000n },
      ],
    });
    expect(entry!.lines).toEqual([
      { account: 'receivable:HS-LAN', debit: 4_084_520n },
      { account: 'feeIncome:tuition', credit: 1_200_000n },
      { account: 'feeIncome:healthInsurance', credit: 884_520n },
      { account: 'feeIncome:service', credit: 2_000_000n },
    ]);
    expect(pos()).toEqual({
      receivable: 4_084_520n,
      credit: 0n,
      refundsPayable: 0n,
      net: 4_084_520n,
    });
  });

  it('2. near-poor reduction: 50 % of tuition (600.000) is charged to the budget subsidy', () => {
    applyEntitlement(ledger, {
      applicationId: 'A1',
      invoiceId: 'HP2026000014',
      date: '2025-09-20',
      amount: 600_000n,
      recordId: 'E1',
    });
    expect(ledger.balance(Account.entitlementSubsidy)).toBe(600_000n);
    expect(pos().net).toBe(3_484_520n);
    expect(invoiceState(ledger, 'HP2026000014')).toEqual({
      invoiceId: 'HP2026000014',
      studentId: lan,
      invoiced: 4_084_520n,
      entitlements: 600_000n,
      cancelled: false,
    });
  });

  it('3. the parent pays 3.500.000 by VietQR: 15.480 too much is carried forward as credit', () => {
    const posted = receivePayment(ledger, {
      paymentId: 'VQR-1',
      studentId: lan,
      channel: 'vietqr',
      amount: 3_500_000n,
      date: '2025-09-22',
    });
    expect(posted.map((e) => e.kind)).toEqual(['paymentReceived', 'creditCarriedForward']);
    expect(posted[1]!.lines).toEqual([
      { account: 'receivable:HS-LAN', debit: 15_480n },
      { account: 'credit:HS-LAN', credit: 15_480n },
    ]);
    expect(pos()).toEqual({ receivable: 0n, credit: 15_480n, refundsPayable: 0n, net: -15_480n });
    expect(ledger.balance('cashInTransit:vietqr')).toBe(3_500_000n);
  });

  it('4. a bank retry of the same payment is refused, nothing changes', () => {
    const before = ledger.entries.length;
    expect(
      code(() =>
        receivePayment(ledger, {
          paymentId: 'VQR-1',
          studentId: lan,
          channel: 'vietqr',
          amount: 3_500_000n,
          date: '2025-09-22',
        }),
      ),
    ).toBe('duplicateEntry');
    expect(ledger.entries).toHaveLength(before);
  });

  it('5. HK2 invoice of 1.500.000 first consumes the credit', () => {
    const posted = issueInvoice(ledger, {
      invoiceId: 'HP2026000022',
      studentId: lan,
      date: '2026-01-20',
      lines: [{ kind: 'tuition', amount: 1_500_000n }],
    });
    expect(posted.map((e) => e.kind)).toEqual(['invoiceIssued', 'creditApplied']);
    expect(pos()).toEqual({
      receivable: 1_484_520n,
      credit: 0n,
      refundsPayable: 0n,
      net: 1_484_520n,
    });
  });

  it('6. MoMo pays the rest; VietQR settles to the school account', () => {
    receivePayment(ledger, {
      paymentId: 'MOMO-9',
      studentId: lan,
      channel: 'momo',
      amount: 1_484_520n,
      date: '2026-01-21',
    });
    settle(ledger, {
      settlementId: 'S1',
      channel: 'vietqr',
      amount: 3_500_000n,
      date: '2026-01-22',
    });
    expect(pos().net).toBe(0n);
    expect(ledger.balance(Account.bank)).toBe(3_500_000n);
    expect(ledger.balance('cashInTransit:vietqr')).toBe(0n);
    expect(
      code(() =>
        settle(ledger, { settlementId: 'S2', channel: 'vietqr', amount: 1n, date: '2026-01-22' }),
      ),
    ).toBe('amountTooLarge');
  });

  it('7. the HK2 invoice was a mistake: cancelled with a reason, reversed line by line', () => {
    const [reversal, carried] = cancelInvoice(ledger, {
      invoiceId: 'HP2026000022',
      date: '2026-01-25',
      reason: 'Lập trùng thông báo thu',
    });
    expect(reversal!.lines).toEqual([
      { account: 'receivable:HS-LAN', credit: 1_500_000n },
      { account: 'feeIncome:tuition', debit: 1_500_000n },
    ]);
    expect(reversal!.refs).toMatchObject({
      reason: 'Lập trùng thông báo thu',
      reverses: 'invoice:HP2026000022',
    });
    // Everything paid against it (15.480 credit + 1.484.520 MoMo) is the family's credit now.
    expect(carried!.kind).toBe('creditCarriedForward');
    expect(pos()).toEqual({
      receivable: 0n,
      credit: 1_500_000n,
      refundsPayable: 0n,
      net: -1_500_000n,
    });
    expect(invoiceState(ledger, 'HP2026000022')!.cancelled).toBe(true);
    expect(
      code(() =>
        cancelInvoice(ledger, { invoiceId: 'HP2026000022', date: '2026-01-25', reason: 'again' }),
      ),
    ).toBe('invoiceCancelled');
    expect(
      code(() =>
        applyEntitlement(ledger, {
          applicationId: 'A9',
          invoiceId: 'HP2026000022',
          date: '2026-01-26',
          amount: 1n,
        }),
      ),
    ).toBe('invoiceCancelled');
  });

  it('8. refund: approved from the credit, then paid from the bank', () => {
    expect(
      code(() =>
        approveRefund(ledger, {
          refundId: 'R1',
          studentId: lan,
          amount: 1_500_001n,
          date: '2026-01-27',
          reason: 'Hoàn tiền',
        }),
      ),
    ).toBe('amountTooLarge');
    approveRefund(ledger, {
      refundId: 'R1',
      studentId: lan,
      amount: 1_500_000n,
      date: '2026-01-27',
      reason: 'Hoàn tiền hủy thông báo thu',
    });
    expect(pos()).toEqual({ receivable: 0n, credit: 0n, refundsPayable: 1_500_000n, net: 0n });
    payRefund(ledger, { refundId: 'R1', date: '2026-01-28' });
    expect(pos().refundsPayable).toBe(0n);
    expect(ledger.balance(Account.bank)).toBe(2_000_000n);
    expect(code(() => payRefund(ledger, { refundId: 'R1', date: '2026-01-28' }))).toBe(
      'duplicateEntry',
    );
  });

  it('9. the formula holds: invoiced − entitlements − paid + refunded = 4.084.520 − 600.000 − 4.984.520 + 1.500.000 = 0', () => {
    expect(4_084_520n - 600_000n - (3_500_000n + 1_484_520n) + 1_500_000n).toBe(pos().net);
    expect(ledger.trialBalance().debits).toBe(ledger.trialBalance().credits);
    expect(receivedByChannel(ledger)).toEqual(
      new Map([
        ['vietqr', 3_500_000n],
        ['momo', 1_484_520n],
      ]),
    );
    expect(cashlessShareBasisPoints(ledger)).toBe(10_000n);
  });
});

describe('operations refuse bad commands without posting anything', () => {
  it.each([
    [
      'an unknown invoice',
      (l: Ledger) =>
        applyEntitlement(l, {
          applicationId: 'x',
          invoiceId: 'nope',
          date: '2025-09-01',
          amount: 1n,
        }),
      'unknownInvoice',
    ],
    [
      'an entitlement above the invoice',
      (l: Ledger) =>
        applyEntitlement(l, {
          applicationId: 'x',
          invoiceId: 'I1',
          date: '2025-09-01',
          amount: 100_001n,
        }),
      'amountTooLarge',
    ],
    [
      'a zero payment',
      (l: Ledger) =>
        receivePayment(l, {
          paymentId: 'p',
          studentId: 'S',
          channel: 'cash',
          amount: 0n,
          date: '2025-09-01',
        }),
      'invalidCommand',
    ],
    [
      'an unknown channel',
      (l: Ledger) =>
        receivePayment(l, {
          paymentId: 'p',
          studentId: 'S',
          channel: 'zalopay' as Channel,
          amount: 1n,
          date: '2025-09-01',
        }),
      'invalidCommand',
    ],
    [
      'an empty invoice',
      (l: Ledger) =>
        issueInvoice(l, { invoiceId: 'I2', studentId: 'S', date: '2025-09-01', lines: [] }),
      'invalidCommand',
    ],
    [
      'a cancellation without reason',
      (l: Ledger) => cancelInvoice(l, { invoiceId: 'I1', date: '2025-09-01', reason: ' ' }),
      'invalidCommand',
    ],
    [
      'a refund without credit',
      (l: Ledger) =>
        approveRefund(l, {
          refundId: 'r',
          studentId: 'S',
          amount: 1n,
          date: '2025-09-01',
          reason: 'x',
        }),
      'amountTooLarge',
    ],
    [
      'paying an unapproved refund',
      (l: Ledger) => payRefund(l, { refundId: 'r', date: '2025-09-01' }),
      'invalidCommand',
    ],
  ])('%s', (_name, op, expected) => {
    const l = new Ledger();
    issueInvoice(l, {
      invoiceId: 'I1',
      studentId: 'S',
      date: '2025-09-01',
      lines: [{ kind: 'tuition', amount: 100_000n }],
    });
    const before = l.entries.length;
    expect(code(() => op(l))).toBe(expected);
    expect(l.entries).toHaveLength(before);
  });

  it('a retroactive exemption after payment turns the payment into credit', () => {
    const l = new Ledger();
    issueInvoice(l, {
      invoiceId: 'I1',
      studentId: 'S',
      date: '2025-09-01',
      lines: [{ kind: 'tuition', amount: 300_000n }],
    });
    receivePayment(l, {
      paymentId: 'p',
      studentId: 'S',
      channel: 'cash',
      amount: 300_000n,
      date: '2025-09-05',
    });
    applyEntitlement(l, {
      applicationId: 'a',
      invoiceId: 'I1',
      date: '2025-10-20',
      amount: 300_000n,
    });
    expect(studentPosition(l, 'S')).toEqual({
      receivable: 0n,
      credit: 300_000n,
      refundsPayable: 0n,
      net: -300_000n,
    });
    expect(l.balance(Account.cashDesk)).toBe(300_000n);
    expect(cashlessShareBasisPoints(l)).toBe(0n);
  });
});

describe('property: any sequence of operations keeps the books straight', () => {
  const students = ['S1', 'S2', 'S3'] as const;
  const student = fc.constantFrom(...students);
  const amount = fc.bigInt({ min: 1n, max: 3_000_000n });
  const channel = fc.constantFrom(...CHANNELS);
  const op = fc.oneof(
    fc.record({
      t: fc.constant('invoice' as const),
      student,
      lines: fc.array(
        fc.record({
          kind: fc.constantFrom('tuition' as const, 'healthInsurance' as const, 'service' as const),
          amount,
        }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    }),
    // Picks index into what exists (modulo); pct > 100 asks for more than allowed.
    fc.record({
      t: fc.constant('entitle' as const),
      pick: fc.nat(),
      pct: fc.integer({ min: 1, max: 120 }),
    }),
    fc.record({ t: fc.constant('pay' as const), student, channel, amount }),
    fc.record({ t: fc.constant('replay' as const), pick: fc.nat() }),
    fc.record({
      t: fc.constant('settle' as const),
      channel,
      pct: fc.integer({ min: 1, max: 120 }),
    }),
    fc.record({
      t: fc.constant('refund' as const),
      student,
      pct: fc.integer({ min: 1, max: 120 }),
    }),
    fc.record({ t: fc.constant('payRefund' as const), pick: fc.nat() }),
    fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }),
  );

  it('balanced, student balance = invoiced − entitlements − paid + refunded, balances only move through entries', () => {
    const stats: Record<string, number> = {};
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60, size: 'max' }), (ops) => {
        const ledger = new Ledger();
        const model = new Map(
          students.map((s) => [s, { invoiced: 0n, entitlements: 0n, paid: 0n, refunded: 0n }]),
        );
        const invoices: {
          id: string;
          student: string;
          amount: bigint;
          ent: bigint;
          cancelled: boolean;
        }[] = [];
        const payments: { id: string; student: string; channel: Channel; amount: bigint }[] = [];
        const refunds: { id: string; amount: bigint; paid: boolean }[] = [];
        const held = new Map<string, bigint>(); // per collection account
        let bank = 0n;
        let n = 0;
        const date = '2025-10-01';
        const pick = <T>(list: T[], i: number): T | undefined =>
          list.length ? list[i % list.length] : undefined;

        ops.forEach((o) => {
          const before = { entries: ledger.entries.length, balances: ledger.balances() };
          let expectAccepted: boolean;
          let run: () => unknown;
          let apply: () => void = () => undefined;
          const net = (s: string) => {
            const m = model.get(s as (typeof students)[number])!;
            return m.invoiced - m.entitlements - m.paid + m.refunded;
          };
          switch (o.t) {
            case 'invoice': {
              const id = `I${++n}`;
              const total = o.lines.reduce((s, l) => s + l.amount, 0n);
              expectAccepted = true;
              run = () =>
                issueInvoice(ledger, { invoiceId: id, studentId: o.student, date, lines: o.lines });
              apply = () => {
                invoices.push({ id, student: o.student, amount: total, ent: 0n, cancelled: false });
                model.get(o.student)!.invoiced += total;
              };
              break;
            }
            case 'entitle': {
              const inv = pick(invoices, o.pick);
              const room = inv ? inv.amount - inv.ent : 0n;
              const amt = (room * BigInt(o.pct)) / 100n || 1n;
              expectAccepted = !!inv && !inv.cancelled && amt <= room;
              run = () =>
                applyEntitlement(ledger, {
                  applicationId: `A${++n}`,
                  invoiceId: inv?.id ?? 'missing',
                  date,
                  amount: amt,
                });
              apply = () => {
                inv!.ent += amt;
                model.get(inv!.student as (typeof students)[number])!.entitlements += amt;
              };
              break;
            }
            case 'pay': {
              const id = `P${++n}`;
              expectAccepted = true;
              run = () =>
                receivePayment(ledger, {
                  paymentId: id,
                  studentId: o.student,
                  channel: o.channel,
                  amount: o.amount,
                  date,
                });
              apply = () => {
                payments.push({ id, student: o.student, channel: o.channel, amount: o.amount });
                model.get(o.student)!.paid += o.amount;
                const acc = collectionAccount(o.channel);
                held.set(acc, (held.get(acc) ?? 0n) + o.amount);
              };
              break;
            }
            case 'replay': {
              const p = pick(payments, o.pick);
              expectAccepted = false;
              run = () =>
                p
                  ? receivePayment(ledger, {
                      paymentId: p.id,
                      studentId: p.student,
                      channel: p.channel,
                      amount: p.amount,
                      date,
                    })
                  : receivePayment(ledger, {
                      paymentId: 'x',
                      studentId: 'S1',
                      channel: 'cash',
                      amount: 0n,
                      date,
                    });
              break;
            }
            case 'settle': {
              const acc = collectionAccount(o.channel);
              const amt = ((held.get(acc) ?? 0n) * BigInt(o.pct)) / 100n || 1n;
              expectAccepted = amt <= (held.get(acc) ?? 0n);
              run = () =>
                settle(ledger, { settlementId: `T${++n}`, channel: o.channel, amount: amt, date });
              apply = () => {
                held.set(acc, held.get(acc)! - amt);
                bank += amt;
              };
              break;
            }
            case 'refund': {
              const id = `R${++n}`;
              const credit = net(o.student) < 0n ? -net(o.student) : 0n;
              const amt = (credit * BigInt(o.pct)) / 100n || 1n;
              expectAccepted = amt <= credit;
              run = () =>
                approveRefund(ledger, {
                  refundId: id,
                  studentId: o.student,
                  amount: amt,
                  date,
                  reason: 'test',
                });
              apply = () => {
                refunds.push({ id, amount: amt, paid: false });
                model.get(o.student)!.refunded += amt;
              };
              break;
            }
            case 'payRefund': {
              const r = pick(refunds, o.pick);
              expectAccepted = !!r && !r.paid && bank >= r.amount;
              run = () => payRefund(ledger, { refundId: r?.id ?? 'missing', date });
              apply = () => {
                r!.paid = true;
                bank -= r!.amount;
              };
              break;
            }
            case 'cancel': {
              const inv = pick(invoices, o.pick);
              expectAccepted = !!inv && !inv.cancelled;
              run = () =>
                cancelInvoice(ledger, { invoiceId: inv?.id ?? 'missing', date, reason: 'test' });
              apply = () => {
                inv!.cancelled = true;
                const m = model.get(inv!.student as (typeof students)[number])!;
                m.invoiced -= inv!.amount;
                m.entitlements -= inv!.ent;
              };
              break;
            }
          }
          const accepted = code(run) === undefined;
          expect(accepted).toBe(expectAccepted);
          const key = `${o.t}:${accepted ? 'ok' : 'refused'}`;
          stats[key] = (stats[key] ?? 0) + 1;
          if (accepted) apply();
          else {
            // A refused operation leaves no trace.
            expect(ledger.entries).toHaveLength(before.entries);
            expect(ledger.balances()).toEqual(before.balances);
          }

          // Invariants after every step.
          const tb = ledger.trialBalance();
          expect(tb.debits).toBe(tb.credits);
          ledger.entries.forEach((e) => validateEntry(e));
          expect([...ledger.balances().values()].reduce((a, b) => a + b, 0n)).toBe(0n);
          expect(foldBalances(ledger.entries)).toEqual(ledger.balances());
          for (const s of students) {
            const p = studentPosition(ledger, s);
            expect(p.net).toBe(net(s));
            expect(p.receivable >= 0n && p.credit >= 0n).toBe(true);
            expect(p.receivable > 0n && p.credit > 0n).toBe(false);
          }
          const moneyHeld = [...held.values()].reduce((a, b) => a + b, 0n);
          const collected =
            ledger.balance(Account.bank) +
            CHANNELS.reduce((s, c) => s + ledger.balance(collectionAccount(c)), 0n);
          expect(collected).toBe(moneyHeld + bank);
        });
      }),
      { numRuns: 200 },
    );
    // The generator really exercises every operation, accepted and refused.
    for (const t of ['invoice', 'entitle', 'pay', 'settle', 'refund', 'payRefund', 'cancel']) {
      expect(stats[`${t}:ok`] ?? 0).toBeGreaterThan(10);
    }
    for (const t of ['entitle', 'replay', 'settle', 'refund', 'cancel']) {
      expect(stats[`${t}:refused`] ?? 0).toBeGreaterThan(10);
    }
  });
});
