import {
  findPaymentCodes,
  isValidPaymentCode,
  makePaymentCode,
  matchStatement,
  OpenInvoice,
  parseStatementCsv,
  STATEMENT_HEADER,
} from './reconciliation';

const HEADER = STATEMENT_HEADER.join(',');
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

describe('payment codes', () => {
  it('HP + year + 5-digit serial + Luhn check digit', () => {
    expect([1, 2, 3, 4, 5, 6].map((s) => makePaymentCode(2026, s))).toEqual([
      'HP2026000014',
      'HP2026000022',
      'HP2026000030',
      'HP2026000048',
      'HP2026000055',
      'HP2026000063',
    ]);
    expect(isValidPaymentCode('HP2026000014')).toBe(true);
    expect(isValidPaymentCode('HP2026000015')).toBe(false); // last digit mistyped
    expect(isValidPaymentCode('HP2026000041')).toBe(false); // two digits swapped
    expect(isValidPaymentCode('HP202600001')).toBe(false);
    expect(() => makePaymentCode(2026, 100_000)).toThrow(RangeError);
  });

  it.each([
    ['MBVCB.1234.HP2026000014.Nguyen Van A chuyen tien', ['HP2026000014']],
    ['hp 2026 000014 dong hoc phi', ['HP2026000014']],
    ['HP-2026-000014', ['HP2026000014']],
    ['HP2026000014 HP2026000014 lan 2', ['HP2026000014']],
    ['HP2026000014+HP2026000022', ['HP2026000014', 'HP2026000022']],
    ['HP20260000141 (too many digits)', []],
    ['chuyen tien hoc phi con em', []],
  ])('finds codes in %j', (description, codes) => {
    expect(findPaymentCodes(description)).toEqual(codes);
  });
});

describe('parseStatementCsv', () => {
  it('reads the documented layout, with quotes, commas and a BOM', () => {
    const text =
      '\uFEFF' +
      csv(
        'FT25265000000001,2025-09-22,2025-09-22,3484520,VND,"MBVCB.1234.HP2026000014.Nguyen Van A, lop 5A",0011001932418,NGUYEN VAN A',
        'FT25265000000002,2025-09-22,2025-09-23,1.500.000,VND,"Tra ""hoc phi"" HP2026000022",19033333333,TRAN THI B',
      ) +
      '\n';
    const { transactions, errors } = parseStatementCsv(text);
    expect(errors).toEqual([]);
    expect(transactions).toEqual([
      {
        line: 2,
        transactionId: 'FT25265000000001',
        bookingDate: '2025-09-22',
        valueDate: '2025-09-22',
        amount: 3_484_520n,
        currency: 'VND',
        description: 'MBVCB.1234.HP2026000014.Nguyen Van A, lop 5A',
        counterpartyAccount: '0011001932418',
        counterpartyName: 'NGUYEN VAN A',
      },
      expect.objectContaining({
        line: 3,
        amount: 1_500_000n,
        valueDate: '2025-09-23',
        description: 'Tra "hoc phi" HP2026000022',
      }),
    ]);
  });

  it('counts physical lines across CRLF and multi-line quoted descriptions', () => {
    const text = [
      HEADER,
      'FT1,2025-09-22,2025-09-22,100000,VND,"line one',
      'line two HP2026000014",1,A',
      '',
      'FT2,2025-09-22,2025-09-22,200000,VND,x,2,B',
    ].join('\r\n');
    const { transactions, errors } = parseStatementCsv(text);
    expect(errors).toEqual([]);
    expect(transactions.map((t) => [t.line, t.transactionId, t.description])).toEqual([
      [2, 'FT1', 'line one\r\nline two HP2026000014'],
      [5, 'FT2', 'x'],
    ]);
  });

  it('reports every bad line with its number and keeps the good ones', () => {
    const { transactions, errors } = parseStatementCsv(
      csv(
        'FT1,2025-09-22,2025-09-22,100000,VND,ok,1,A',
        'FT2,2025-09-22,2025-09-22,100000,USD,dollars,1,A',
        'FT3,2025-09-22,2025-09-22,1250000.50,VND,fraction,1,A',
        'FT4,2025-09-22,2025-09-22,"1.250.000,00",VND,decimal comma,1,A',
        'FT5,2025-09-22,2025-09-22,-500000,VND,debit,1,A',
        'FT6,2025-09-22,2025-09-22,0,VND,zero,1,A',
        'FT7,2025-09-22,2025-09-22,12 triệu,VND,words,1,A',
        'FT8,22/09/2025,2025-09-22,100000,VND,date,1,A',
        'FT9,2025-09-22,2025-09-22,100000,VND,too,many,columns,A',
        ',2025-09-22,2025-09-22,100000,VND,no id,1,A',
        'FT10,2025-09-22,2025-09-22,100000,VND,"quoted"junk,1,A',
        'FT11,2025-09-22,2025-09-22,100000,VND,ok again,1,A',
        'FT12,2025-09-22,2025-09-22,250.000,VND,thousands or decimal?,1,A',
      ),
    );
    // "1.250.000,00" is Vietnamese grouping with a zero fraction: 1 250 000 đồng.
    expect(transactions.map((t) => [t.transactionId, t.amount])).toEqual([
      ['FT1', 100_000n],
      ['FT4', 1_250_000n],
      ['FT11', 100_000n],
    ]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'currency'],
      [4, 'amountFraction'],
      [6, 'amountNegative'],
      [7, 'amountZero'],
      [8, 'amountFormat'],
      [9, 'date'],
      [10, 'columns'],
      [11, 'transactionId'],
      [12, 'quote'],
      [14, 'amountAmbiguous'],
    ]);
  });

  it('stops at a wrong header, an empty file or an unterminated quote', () => {
    expect(parseStatementCsv('id,date,amount\nFT1,2025-09-22,1').errors).toEqual([
      { line: 1, code: 'header', message: expect.stringContaining('transaction_id') },
    ]);
    expect(parseStatementCsv('').errors.map((e) => e.code)).toEqual(['header']);
    const open = parseStatementCsv(
      csv(
        'FT1,2025-09-22,2025-09-22,1,VND,ok,1,A',
        'FT2,2025-09-22,2025-09-22,1,VND,"never closed,1,A',
      ),
    );
    expect(open.transactions).toHaveLength(1);
    expect(open.errors).toEqual([{ line: 3, code: 'quote', message: 'unterminated quoted field' }]);
  });
});

describe('matchStatement: a day of transfers into the school account', () => {
  const invoices: OpenInvoice[] = [
    {
      invoiceId: 'INV-LAN',
      paymentCode: 'HP2026000014',
      studentId: 'HS-LAN',
      outstanding: 3_484_520n,
    },
    {
      invoiceId: 'INV-MINH',
      paymentCode: 'HP2026000022',
      studentId: 'HS-MINH',
      outstanding: 1_500_000n,
    },
    {
      invoiceId: 'INV-HOA',
      paymentCode: 'HP2026000030',
      studentId: 'HS-HOA',
      outstanding: 2_000_000n,
    },
    { invoiceId: 'INV-AN', paymentCode: 'HP2026000048', studentId: 'HS-AN', outstanding: 0n },
    {
      invoiceId: 'INV-BINH',
      paymentCode: 'HP2026000055',
      studentId: 'HS-BINH',
      outstanding: 800_000n,
    },
  ];
  const { transactions, errors } = parseStatementCsv(
    csv(
      /*  2 */ 'FT01,2025-09-22,2025-09-22,3484520,VND,MBVCB.1234.HP2026000014.Nguyen Van A chuyen tien,001,NGUYEN VAN A',
      /*  3 */ 'FT02,2025-09-22,2025-09-22,1000000,VND,hp 2026 000022 dong hoc phi dot 1,002,LE VAN C',
      /*  4 */ 'FT03,2025-09-23,2025-09-23,500000,VND,HP2026000022 con lai,002,LE VAN C',
      /*  5 */ 'FT04,2025-09-22,2025-09-22,2100000,VND,HP2026000030,003,PHAM THI D',
      /*  6 */ 'FT05,2025-09-22,2025-09-22,700000,VND,chuyen tien hoc phi con em,004,HOANG VAN E',
      /*  7 */ 'FT06,2025-09-22,2025-09-22,700000,VND,HP2026000063,005,VU THI F',
      /*  8 */ 'FT07,2025-09-22,2025-09-22,700000,VND,HP2026000015,006,DO VAN G',
      /*  9 */ 'FT01,2025-09-22,2025-09-22,3484520,VND,MBVCB.1234.HP2026000014.Nguyen Van A chuyen tien,001,NGUYEN VAN A',
      /* 10 */ 'FT08,2025-09-22,2025-09-22,1000000,VND,HP2026000022 dong hoc phi,002,LE VAN C',
      /* 11 */ 'FT09,2025-09-22,2025-09-22,900000,VND,HP2026000048,007,NGO VAN H',
      /* 12 */ 'FT10,2025-09-22,2025-09-22,8000000,VND,HP2026000055,008,BUI THI K',
      /* 13 */ 'FT11,2025-09-22,2025-09-22,300000,VND,HP2026000014 HP2026000055,009,TRINH VAN L',
      /* 14 */ 'FT00,2025-09-21,2025-09-21,50000,VND,HP2026000055,008,BUI THI K',
    ),
  );
  const outcome = matchStatement(transactions, invoices, {
    prior: [
      {
        transactionId: 'FT00',
        paymentCode: 'HP2026000055',
        amount: 50_000n,
        bookingDate: '2025-09-21',
      },
    ],
  });
  const row = (line: number) => outcome.results.find((r) => r.line === line)!;

  it('parses cleanly', () => {
    expect(errors).toEqual([]);
  });

  it('line 2: the exact amount settles Lan’s invoice', () => {
    expect(row(2)).toMatchObject({
      category: 'exact',
      invoiceId: 'INV-LAN',
      applied: 3_484_520n,
      excess: 0n,
      remaining: 0n,
    });
  });

  it('lines 3–4: Minh pays 1.000.000 then the remaining 500.000 the next day', () => {
    expect(row(3)).toMatchObject({ category: 'partial', applied: 1_000_000n, remaining: 500_000n });
    expect(row(4)).toMatchObject({ category: 'exact', applied: 500_000n, remaining: 0n });
  });

  it('line 5: Hoa pays 100.000 too much; it becomes credit', () => {
    expect(row(5)).toMatchObject({
      category: 'overpayment',
      applied: 2_000_000n,
      excess: 100_000n,
      remaining: 0n,
    });
  });

  it('lines 6–8: no code, an unknown code, a mistyped code', () => {
    expect(row(6)).toMatchObject({ category: 'unmatched', reason: 'noCode' });
    expect(row(7)).toMatchObject({
      category: 'unmatched',
      reason: 'unknownCode',
      paymentCode: 'HP2026000063',
    });
    expect(row(8)).toMatchObject({
      category: 'unmatched',
      reason: 'invalidCheckDigit',
      paymentCode: 'HP2026000015',
    });
  });

  it('lines 9, 10, 14: the same transaction twice, the same payment twice, one already imported', () => {
    expect(row(9)).toMatchObject({
      category: 'duplicate',
      reason: 'duplicateTransactionId',
      duplicateOf: 'line 2',
      applied: 0n,
    });
    expect(row(10)).toMatchObject({
      category: 'duplicate',
      reason: 'duplicatePayment',
      duplicateOf: 'FT02',
    });
    expect(row(14)).toMatchObject({
      category: 'duplicate',
      reason: 'duplicateTransactionId',
      duplicateOf: 'imported FT00',
    });
  });

  it('lines 11–13: cases a person must look at', () => {
    expect(row(11)).toMatchObject({
      category: 'amountMismatch',
      reason: 'invoiceAlreadyPaid',
      invoiceId: 'INV-AN',
    });
    // 8.000.000 for an 800.000 invoice: 7.200.000 extra is more than the default limit (the
    // outstanding amount) — probably the wrong code.
    expect(row(12)).toMatchObject({
      category: 'amountMismatch',
      reason: 'overpaymentTooLarge',
      remaining: 800_000n,
      applied: 0n,
    });
    expect(row(13)).toMatchObject({
      category: 'unmatched',
      reason: 'ambiguousCode',
      paymentCode: 'HP2026000014,HP2026000055',
    });
  });

  it('sums up the statement', () => {
    expect(outcome.summary.count).toEqual({
      exact: 2,
      partial: 1,
      overpayment: 1,
      unmatched: 4,
      duplicate: 3,
      amountMismatch: 2,
    });
    expect(outcome.summary.amount.exact).toBe(3_984_520n);
    expect(outcome.outstanding).toEqual(
      new Map([
        ['INV-LAN', 0n],
        ['INV-MINH', 0n],
        ['INV-HOA', 0n],
      ]),
    );
    // Every line got exactly one result, in statement order.
    expect(outcome.results.map((r) => r.line)).toEqual(transactions.map((t) => t.line));
  });

  it('does not modify the invoices passed in', () => {
    expect(invoices[0]!.outstanding).toBe(3_484_520n);
  });
});

describe('match policy', () => {
  const inv: OpenInvoice[] = [
    { invoiceId: 'I', paymentCode: 'HP2026000014', studentId: 'S', outstanding: 1_000_000n },
  ];
  const one = (amount: string) =>
    parseStatementCsv(csv(`FT1,2025-09-22,2025-09-22,${amount},VND,HP2026000014,1,A`)).transactions;

  it('a partial payment below the minimum goes to review', () => {
    expect(
      matchStatement(one('5000'), inv, { policy: { minPartial: 100_000n } }).results[0],
    ).toMatchObject({
      category: 'amountMismatch',
      reason: 'belowMinimumPartial',
    });
  });

  it('with maxOverpayment 0 every overpayment goes to review; exact still matches', () => {
    expect(
      matchStatement(one('1000001'), inv, { policy: { maxOverpayment: 0n } }).results[0]!.category,
    ).toBe('amountMismatch');
    expect(
      matchStatement(one('1000000'), inv, { policy: { maxOverpayment: 0n } }).results[0]!.category,
    ).toBe('exact');
  });

  it('refuses two invoices with the same code', () => {
    expect(() => matchStatement([], [...inv, { ...inv[0]!, invoiceId: 'J' }])).toThrow(RangeError);
  });
});

describe('scale', () => {
  it('parses and matches a 100.000-line statement against 50.000 invoices within the statement import budget', () => {
    const invoiceCount = 50_000;
    const invoices: OpenInvoice[] = Array.from({ length: invoiceCount }, (_, i) => ({
      invoiceId: `INV-${i}`,
      paymentCode: makePaymentCode(2026, i),
      studentId: `S-${i}`,
      outstanding: 2_000_000n + BigInt(i % 7) * 100_000n,
    }));
    // Lines 0..49.999 pay half of invoice i (partial); lines 50.000..99.999 pay the other half
    // (exact). Every 1.000th line of the second half has lost its code (unmatched).
    const rows: string[] = [HEADER];
    for (let k = 0; k < 100_000; k++) {
      const i = k % invoiceCount;
      const half = invoices[i]!.outstanding / 2n;
      const lostCode = k >= invoiceCount && k % 1000 === 0;
      const description = lostCode
        ? 'chuyen tien hoc phi'
        : `"MBVCB.${k}.${invoices[i]!.paymentCode}.PHU HUYNH, lop ${i % 40}"`;
      const day = k < invoiceCount ? '2025-09-22' : '2025-09-29';
      rows.push(
        `FT${String(k).padStart(12, '0')},${day},${day},${half},VND,${description},00110019${k % 10000},PHU HUYNH ${i}`,
      );
    }
    const text = rows.join('\n');

    const started = performance.now();
    const { transactions, errors } = parseStatementCsv(text);
    const outcome = matchStatement(transactions, invoices);
    const elapsedMs = performance.now() - started;

    expect(errors).toEqual([]);
    expect(transactions).toHaveLength(100_000);
    expect(outcome.summary.count).toEqual({
      exact: 49_950,
      partial: 50_000,
      overpayment: 0,
      unmatched: 50,
      duplicate: 0,
      amountMismatch: 0,
    });
    // A coarse guard against an accidental quadratic match, generous enough for a shared CI
    // machine under load; bench/payments measures the real figure (issue target: 30 s end to end).
    expect(elapsedMs).toBeLessThan(15_000);
  });
});
