import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventTypes, provinceDate, ReconciliationCompletedV1, Topics } from '@qn/contracts';
import { makePaymentCode } from '../src/reconciliation/domain/reconciliation';
import { statementCsv } from '../demo/simulator/gateway-simulator';
import { PaymentsWorld } from './world';

/**
 * Bank statement reconciliation against real PostgreSQL and Kafka: every match category and
 * every exception kind from one statement, a re-import that books nothing twice, staff resolving
 * an exception, the daily report, the event, and the journal balanced at the end.
 */
describe('payments: bank statement reconciliation', () => {
  const w = new PaymentsWorld();
  const school = randomUUID();
  const [D, E, F, G] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const code: Record<string, string> = {};
  const today = provinceDate();
  let staff: string;
  let csv: string;

  beforeAll(async () => {
    await w.start();
    staff = await w.env.token('school-staff', school, 'ke-toan-01');
    await w.publish([D, E, F, G].map((s) => w.enrolled({ studentId: s, schoolId: school })));
    for (const s of [D, E, F, G]) code[s] = (await w.account(s)).paymentCode;
    // G pays everything at the desk: a transfer to G later is an amount mismatch.
    const g = (await w.account(G)).invoices[0]!;
    const cash = await w.write('POST', `/invoices/${g.id}/cash-payments`, staff, {
      amount: g.amount,
    });
    expect(cash.status).toBe(201);
  }, 60000);
  afterAll(() => w.stop());

  const wrongCheckDigit = (c: string) => c.slice(0, -1) + String((Number(c.at(-1)) + 1) % 10);

  it('books exact, partial and overpaid transfers and queues unmatched, duplicate, mismatched and unreadable lines', async () => {
    csv = statementCsv([
      {
        transactionId: 'FT001',
        bookingDate: today,
        amount: 2044520n,
        description: `MBVCB.1234.${code[D]}.NGUYEN VAN A chuyen tien`,
      },
      {
        transactionId: 'FT001',
        bookingDate: today,
        amount: 2044520n,
        description: `MBVCB.1234.${code[D]}.NGUYEN VAN A chuyen tien`,
      },
      {
        transactionId: 'FT002',
        bookingDate: today,
        amount: 1000000n,
        description: `hoc phi ${code[E]}`,
      },
      {
        transactionId: 'FT003',
        bookingDate: today,
        amount: 2100000n,
        description: `${code[F].slice(0, 2)} ${code[F].slice(2)} hoc phi`,
      },
      {
        transactionId: 'FT004',
        bookingDate: today,
        amount: 300000n,
        description: 'chuyen tien hoc phi con',
      },
      {
        transactionId: 'FT005',
        bookingDate: today,
        amount: 300000n,
        description: `hoc phi ${makePaymentCode(2025, 99999)}`,
      },
      {
        transactionId: 'FT006',
        bookingDate: today,
        amount: 300000n,
        description: `hoc phi ${wrongCheckDigit(code[D]!)}`,
      },
      {
        transactionId: 'FT007',
        bookingDate: today,
        amount: 500000n,
        description: `hoc phi ${code[G]}`,
      },
      {
        transactionId: 'FT008',
        bookingDate: today,
        amount: '500000',
        currency: 'USD',
        description: `hoc phi ${code[E]}`,
      },
      {
        transactionId: 'FT009',
        bookingDate: today,
        amount: 1000000n,
        description: `hoc phi lan 2 ${code[E]}`,
      },
    ]);
    const r = await w.write('POST', '/reconciliation/statements', staff, csv);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      lines: 9,
      rejectedLines: 1,
      booked: 3,
      counts: {
        exact: 1,
        partial: 1,
        overpayment: 1,
        unmatched: 3,
        duplicate: 2,
        amountMismatch: 1,
      },
    });
    const byTxn = Object.fromEntries(
      r.body.results.map((x: { transactionId: string; line: number; reason: string }) => [
        `${x.transactionId}@${x.line}`,
        x.reason,
      ]),
    );
    expect(byTxn).toMatchObject({
      'FT001@2': 'paidInFull',
      'FT001@3': 'duplicateTransactionId',
      'FT002@4': 'partPaid',
      'FT003@5': 'overpaid',
      'FT004@6': 'noCode',
      'FT005@7': 'unknownCode',
      'FT006@8': 'invalidCheckDigit',
      'FT007@9': 'invoiceAlreadyPaid',
      'FT009@11': 'duplicatePayment',
    });

    expect(await w.account(D)).toMatchObject({ owed: '0', credit: '0' });
    expect(await w.account(E)).toMatchObject({ owed: '1044520' });
    expect(await w.account(F)).toMatchObject({ owed: '0', credit: '55480' });
    expect((await w.account(D)).invoices[0].status).toBe('settled');

    // Money matched to no student is the department's to place; the school sees its students' lines.
    const mine = (await w.call('GET', '/payment-exceptions?source=statement&status=open', staff))
      .body;
    expect(
      mine.map((e: { kind: string; reason: string }) => `${e.kind}/${e.reason}`).sort(),
    ).toEqual(['amountMismatch/invoiceAlreadyPaid', 'duplicate/duplicatePayment']);
    const queue = (
      await w.call('GET', '/payment-exceptions?source=statement&status=open', w.province)
    ).body;
    expect(
      queue.map((e: { kind: string; reason: string }) => `${e.kind}/${e.reason}`).sort(),
    ).toEqual([
      'amountMismatch/invoiceAlreadyPaid',
      'duplicate/duplicatePayment',
      'duplicate/duplicateTransactionId',
      'unmatched/invalidCheckDigit',
      'unmatched/noCode',
      'unmatched/unknownCode',
      'unreadable/currency',
    ]);
  });

  it('refuses a statement whose amount could be thousands or a decimal, naming the line, booking nothing', async () => {
    const lines = csv.trimEnd().split('\n');
    const ambiguous = [
      ...lines,
      `FT-AMB,${provinceDate(new Date())},${provinceDate(new Date())},250.000,VND,hoc phi,1,A`,
    ].join('\n');
    const r = await w.write('POST', '/reconciliation/statements', staff, ambiguous);
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(r.body)).toContain(`line ${lines.length + 1}: amount`);
    expect(JSON.stringify(r.body)).toContain('250.000');
  });

  it('books nothing twice when the same statement is imported again', async () => {
    const r = await w.write('POST', '/reconciliation/statements', staff, csv);
    expect(r.status).toBe(201);
    expect(r.body.booked).toBe(0);
    expect(r.body.counts.duplicate).toBe(9);
    expect(await w.account(E)).toMatchObject({ owed: '1044520' });
    expect((await w.account(D)).payments).toHaveLength(1);
  });

  it('lets the department apply an unmatched transfer to the right student, once', async () => {
    const queue = (
      await w.call('GET', '/payment-exceptions?source=statement&status=open', w.province)
    ).body;
    const noCode = queue.find((e: { reason: string }) => e.reason === 'noCode');
    // A school cannot reach money that names none of its students.
    expect(
      (
        await w.write('POST', `/payment-exceptions/${noCode.id}/resolve`, staff, {
          resolution: 'dismissed',
          note: 'x',
        })
      ).status,
    ).toBe(404);
    const resolve = () =>
      w.write('POST', `/payment-exceptions/${noCode.id}/resolve`, w.province, {
        resolution: 'applied',
        studentId: E,
        note: 'Phụ huynh quên ghi mã, đã xác minh qua điện thoại',
      });
    const first = await resolve();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'resolved',
      resolution: 'applied',
      resolvedBy: expect.any(String),
    });
    expect((await resolve()).status).toBe(409);
    expect(await w.account(E)).toMatchObject({ owed: '744520' });
    const missing = await w.write(
      'POST',
      `/payment-exceptions/${queue[0].id}/resolve`,
      w.province,
      {
        resolution: 'applied',
        note: 'x',
      },
    );
    expect(missing.status).toBe(422);
  });

  it('reports the day and publishes reconciliation.completed', async () => {
    const report = (await w.call('GET', `/reconciliation/reports/daily?date=${today}`, staff)).body;
    const bank = report.received.byChannel.find(
      (c: { channel: string }) => c.channel === 'bankTransfer',
    );
    expect(bank).toEqual({
      channel: 'bankTransfer',
      count: 4,
      amount: String(2044520 + 1000000 + 2100000 + 300000),
    });
    expect(
      report.received.byChannel.find((c: { channel: string }) => c.channel === 'cash').count,
    ).toBe(1);
    expect(report.cashlessShareByCountBasisPoints).toBe(8000);
    expect(report.statementImports).toHaveLength(2);

    const events = await w.messages(Topics.paymentsReconciliation, (m) => m.length >= 2);
    const first = events.find((e) => e.type === EventTypes.reconciliationCompleted.type)!
      .data as ReconciliationCompletedV1;
    expect(first).toMatchObject({
      lines: 9,
      rejectedLines: 1,
      counts: { exact: 1, unmatched: 3 },
      amounts: { exact: '2044520' },
    });
  });

  it('keeps the journal balanced: every entry and the whole ledger', async () => {
    const db = new Client({ connectionString: w.env.db.url });
    await db.connect();
    try {
      const [{ unbalanced, debits, credits }] = (
        await db.query(`
          SELECT (SELECT count(*)::int FROM (SELECT entry_id FROM payments.ledger_line GROUP BY entry_id
                   HAVING sum(coalesce(debit, 0)) <> sum(coalesce(credit, 0))) x) AS unbalanced,
                 (SELECT sum(debit)::text FROM payments.ledger_line) AS debits,
                 (SELECT sum(credit)::text FROM payments.ledger_line) AS credits`)
      ).rows;
      expect(unbalanced).toBe(0);
      expect(debits).toBe(credits);
      await expect(
        db.query(`UPDATE payments.ledger_line SET debit = debit + 1 WHERE debit IS NOT NULL`),
      ).rejects.toThrow(/append-only/);
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO payments.ledger_entry (entry_id, kind, entry_date, refs) VALUES ('bad', 'paymentReceived', '2025-10-01', '{}')`,
      );
      await expect(
        db.query(
          `INSERT INTO payments.ledger_line (entry_id, line_no, account, debit, credit) VALUES ('bad', 1, 'bank', 100, NULL), ('bad', 2, 'receivable:x', NULL, 99)`,
        ),
      ).rejects.toThrow(/not balanced/);
      await db.query('ROLLBACK');
    } finally {
      await db.end();
    }
  });
});
