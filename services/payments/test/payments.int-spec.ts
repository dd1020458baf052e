import { createHmac, randomUUID } from 'node:crypto';
import { EventTypes, PaymentReceivedV1, PaymentReceivedV2, Topics } from '@qn/contracts';
import { waitFor } from '@qn/testing';
import { parseVietQr } from '../src/channels/domain/vietqr';
import {
  parseVnpayDate,
  verifyVnpaySignature,
  vnpayAmountToVnd,
} from '../src/channels/domain/gateways';
import { momoIpn, vnpayIpn, vnpayQuery } from '../demo/simulator/gateway-simulator';
import { openApiProblems } from './openapi-conformance';
import { PaymentsWorld } from './world';

/**
 * Payments against real PostgreSQL, Redis and Kafka, as its own process: a student enrolled
 * event bills the student, the family pays through VietQR data, gateways (signed callbacks,
 * duplicates sent concurrently) and the school desk; bad callbacks change nothing and reach the
 * exception queue; events come out on Kafka exactly once.
 */
describe('payments: enrolment → invoice → channels', () => {
  const w = new PaymentsWorld();
  const school = randomUUID();
  const ruralSchool = randomUUID();
  let staff: string;
  let family: string;
  let stranger: string;
  const A = randomUUID();

  const vnpay = (params: Record<string, string>) =>
    fetch(`${w.url}/gateways/vnpay/ipn?${vnpayQuery(params)}`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { RspCode: string; Message: string },
    }));
  const momo = (body: unknown) =>
    fetch(`${w.url}/gateways/momo/ipn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.status);
  const order = async (invoiceId: string, provider: 'vnpay' | 'momo', amount?: string) => {
    const r = await w.write('POST', `/invoices/${invoiceId}/gateway-orders`, w.province, {
      provider,
      ...(amount ? { amount } : {}),
    });
    expect(r.status).toBe(201);
    return r.body as { orderId: string; amount: string };
  };
  const exceptions = async () =>
    (await w.call('GET', '/payment-exceptions?source=vnpay', w.province)).body as Array<{
      kind: string;
      reference: string;
    }>;

  beforeAll(async () => {
    // As behind the web app's server on the same host: its X-Forwarded-For is believed.
    await w.start({ TRUST_PROXY: 'loopback' });
    staff = await w.env.token('school-staff', school, 'thu-ngan-01');
    // The family reaches its own child once enrollment announced it as the child's guardian.
    family = await w.env.token('family', null, 'phu-huynh-01');
    stranger = await w.env.token('family', null, 'phu-huynh-02');
  }, 60000);
  afterAll(() => w.stop());

  it('refuses a catalogue with fractional or negative VND, naming the fields', async () => {
    const r = await w.write('PUT', '/fee-catalogues/2026-2027', w.province, {
      calendar: { terms: [] },
      tuition: {
        code: 'HOC_PHI',
        name: 'Học phí',
        legalBasis: 'x',
        rates: [{ level: 'primary', segment: 'urban', monthlyAmount: '300000.50' }],
      },
      items: [
        {
          code: 'X',
          name: 'X',
          kind: 'service',
          schedule: 'monthly',
          mandatory: false,
          amount: '-5',
          legalBasis: 'x',
        },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'items[0].amount',
      'tuition.rates[0].monthlyAmount',
    ]);
  });

  it('bills a student enrolled by enrollment, with a stable payment code and a VietQR to pay it', async () => {
    await w.publish([w.enrolled({ studentId: A, schoolId: school })]);
    const account = await w.account(A);
    expect(openApiProblems('StudentAccountDoc', account)).toEqual([]);
    expect(account.paymentCode).toMatch(/^HP2025\d{6}$/);
    const [invoice] = account.invoices;
    // Sep 26/30 of 300.000 + Oct–Dec 3 × 300.000 + health insurance 884.520 (mandatory items only).
    expect(invoice).toMatchObject({
      periodKey: '2025-2026/HK1',
      amount: '2044520',
      outstanding: '2044520',
      status: 'open',
      paymentCode: account.paymentCode,
      schoolId: school,
      segment: 'urban',
    });
    expect(account.owed).toBe('2044520');

    await w.publish([w.guardianLinked(A, 'phu-huynh-01')]);
    await waitFor(
      async () => (await w.call('GET', `/invoices/${invoice.id}`, family)).status === 200,
      { description: 'the guardian relation in payments' },
    );
    expect(
      openApiProblems('InvoiceDoc', (await w.call('GET', `/invoices/${invoice.id}`, family)).body),
    ).toEqual([]);
    // A family that is not the child's guardian finds nothing: the same 404 as a missing invoice.
    for (const path of [
      `/invoices/${invoice.id}`,
      `/invoices/${invoice.id}/vietqr`,
      `/students/${account.studentId}/account`,
    ]) {
      const r = await w.call('GET', path, stranger);
      expect([path, r.status]).toEqual([path, 404]);
    }
    // Until the school sets its own collection account, there is no VietQR: a 409 in Vietnamese.
    const none = await w.call('GET', `/invoices/${invoice.id}/vietqr`, family);
    expect(none.status).toBe(409);
    expect(none.type).toContain('application/problem+json');
    expect(none.body.detail).toContain('chưa khai báo tài khoản thu');
    const principal = await w.env.token('principal', school, 'hieu-truong-01');
    const badAccount = await w.write('PUT', `/schools/${school}/collection-account`, principal, {
      bankBin: '970499',
      accountNumber: '1130-0012',
      accountName: 'Trường Tiểu học Hồng Gai',
    });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'bankBin',
      'accountNumber',
      'accountName',
    ]);
    const setAccount = await w.write('PUT', `/schools/${school}/collection-account`, principal, {
      bankBin: '970415',
      accountNumber: '113000123456',
      accountName: 'TRUONG TIEU HOC HONG GAI',
    });
    expect(setAccount.status).toBe(200);
    expect(setAccount.body).toMatchObject({ bankName: 'VietinBank', updatedBy: 'hieu-truong-01' });
    // The school accepts cashless payment from now on: said on the payments topic (the KPI
    // aggregator's "schools accepting cashless"), with the bank but not the account number.
    const accountSet = (
      await w.messages(Topics.paymentsPayments, (m) =>
        m.some((e) => e.type === EventTypes.collectionAccountSet.type && e.subjectId === school),
      )
    ).find((e) => e.type === EventTypes.collectionAccountSet.type && e.subjectId === school)!;
    expect(accountSet.data).toEqual({
      schoolId: school,
      bankBin: '970415',
      setAt: new Date(setAccount.body.updatedAt).toISOString(),
    });
    const qr = await w.call('GET', `/invoices/${invoice.id}/vietqr`, family);
    expect(qr.status).toBe(200);
    expect(openApiProblems('VietQrDoc', qr.body)).toEqual([]);
    expect(qr.body).toMatchObject({ bankBin: '970415', accountNumber: '113000123456' });
    const parsed = parseVietQr(qr.body.payload);
    expect([parsed.bankBin, parsed.accountNumber]).toEqual(['970415', '113000123456']);
    expect(parsed.amount).toBe(2044520n);
    expect(parsed.purpose).toBe(account.paymentCode);
    const png = await fetch(`${w.url}/invoices/${invoice.id}/vietqr.png`, {
      headers: { authorization: `Bearer ${family}` },
    });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    // The same event delivered again bills nothing more.
    await w.publish([w.enrolled({ studentId: A, schoolId: school })]);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await w.account(A)).invoices).toHaveLength(1);
  });

  it("sends a family's browser to VNPay with a signed payment URL for its order; the IPN for that order credits it", async () => {
    const F = randomUUID();
    const parent = await w.env.token('family', null, 'phu-huynh-03');
    await w.publish([w.enrolled({ studentId: F, schoolId: school })]);
    const invoice = (await w.account(F)).invoices[0]!;
    await w.publish([w.guardianLinked(F, 'phu-huynh-03')]);
    await waitFor(
      async () => (await w.call('GET', `/students/${F}/account`, parent)).status === 200,
      { description: 'the guardian relation in payments' },
    );

    // The family's own call, through the web app's proxy (X-Forwarded-For: the phone's address).
    const key = randomUUID();
    const start = () =>
      w.call(
        'POST',
        `/invoices/${invoice.id}/gateway-orders`,
        parent,
        { provider: 'vnpay' },
        { 'idempotency-key': key, 'x-forwarded-for': '203.0.113.7' },
      );
    const before = Date.now();
    const created = await start();
    expect(created.status).toBe(201);
    expect(openApiProblems('GatewayOrderCreatedDoc', created.body)).toEqual([]);
    // The check is strict: a null URL conforms, a field of another type or an undocumented one not.
    expect(openApiProblems('GatewayOrderCreatedDoc', { ...created.body, payUrl: null })).toEqual(
      [],
    );
    for (const wrong of [{ payUrl: 5 }, { amount: '12.5' }, { status: 'paid' }, { extra: 1 }])
      expect(openApiProblems('GatewayOrderCreatedDoc', { ...created.body, ...wrong })).not.toEqual(
        [],
      );
    const o = created.body as { orderId: string; amount: string; payUrl: string };
    expect(o.amount).toBe(invoice.outstanding);
    expect(o.payUrl.startsWith('https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?')).toBe(true);

    // Signed with the service's hash secret over the query as it stands (PHP urlencode, sorted),
    // computed here independently; and as VNPay checks it, from the decoded parameters.
    const [query, hash] = o.payUrl.split('?')[1]!.split('&vnp_SecureHash=') as [string, string];
    expect(hash).toBe(createHmac('sha512', w.keys.hashSecret).update(query).digest('hex'));
    expect(Object.keys(Object.fromEntries(new URLSearchParams(query)))).toEqual(
      [...new URLSearchParams(query).keys()].sort(),
    );
    const params = Object.fromEntries(new URL(o.payUrl).searchParams);
    expect(verifyVnpaySignature(params, w.keys.hashSecret)).toBe(true);
    expect(params).toMatchObject({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: w.keys.tmnCode,
      vnp_TxnRef: o.orderId,
      vnp_Amount: String(BigInt(o.amount) * 100n),
      vnp_CurrCode: 'VND',
      vnp_OrderInfo: `Thanh toan hoc phi ${invoice.paymentCode}`,
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: 'http://127.0.0.1:3008/gia-dinh',
      vnp_IpAddr: '203.0.113.7',
    });
    const createdAt = parseVnpayDate(params.vnp_CreateDate!);
    expect(createdAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
    expect(parseVnpayDate(params.vnp_ExpireDate!) - createdAt).toBe(15 * 60_000);
    // A retry of the same request is answered the same order and URL.
    expect((await start()).body).toEqual(created.body);

    // MoMo's payment URL needs a call to MoMo first: none yet.
    const momoOrder = await w.write('POST', `/invoices/${invoice.id}/gateway-orders`, parent, {
      provider: 'momo',
    });
    expect(momoOrder.status).toBe(201);
    expect(momoOrder.body.payUrl).toBeNull();

    // The family paid at VNPay: the gateway's IPN (the simulator's) names the order by vnp_TxnRef.
    const ipn = vnpayIpn(
      { orderId: params.vnp_TxnRef!, amount: vnpayAmountToVnd(params.vnp_Amount)! },
      w.keys,
    );
    expect((await vnpay(ipn)).body.RspCode).toBe('00');
    const after = (await w.call('GET', `/students/${F}/account`, parent)).body;
    expect(openApiProblems('StudentAccountDoc', after)).toEqual([]);
    expect(after).toMatchObject({ owed: '0', credit: '0' });
    expect(after.invoices[0]).toMatchObject({
      id: invoice.id,
      status: 'settled',
      outstanding: '0',
    });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({
      channel: 'vnpay',
      cashless: true,
      amount: o.amount,
      appliedAmount: o.amount,
      invoiceId: invoice.id,
      externalReference: ipn.vnp_TransactionNo,
    });
    expect(
      after.payments[0].settledLines.reduce(
        (sum: bigint, l: { amount: string }) => sum + BigInt(l.amount),
        0n,
      ),
    ).toBe(BigInt(o.amount));
    expect(
      after.gatewayOrders.map((g: { id: string; provider: string; status: string }) => [
        g.id,
        g.provider,
        g.status,
      ]),
    ).toEqual([
      [o.orderId, 'vnpay', 'paid'],
      [momoOrder.body.orderId, 'momo', 'pending'],
    ]);
  });

  it('credits a VNPay callback once when it arrives twice at the same time, and a MoMo one sent 10 times', async () => {
    const invoice = (await w.account(A)).invoices[0]!;
    const o = await order(invoice.id, 'vnpay', '1000000');
    const ipn = vnpayIpn({ orderId: o.orderId, amount: 1_000_000n }, w.keys);
    const answers = await Promise.all([vnpay(ipn), vnpay(ipn)]);
    expect(answers.map((a) => a.body.RspCode).sort()).toEqual(['00', '02']);
    // A later retry of the gateway is "already confirmed" too.
    expect((await vnpay(ipn)).body.RspCode).toBe('02');

    const m = await order(invoice.id, 'momo', '44520');
    const body = momoIpn({ orderId: m.orderId, amount: 44_520n }, w.keys);
    const statuses = await Promise.all(Array.from({ length: 10 }, () => momo(body)));
    expect(statuses).toEqual(Array(10).fill(204));

    const account = await w.account(A);
    expect(
      account.payments
        .map((p: { channel: string; amount: string }) => [p.channel, p.amount])
        .sort(),
    ).toEqual([
      ['momo', '44520'],
      ['vnpay', '1000000'],
    ]);
    expect(account.owed).toBe('1000000');
    expect(account.invoices[0].outstanding).toBe('1000000');
  });

  it('refuses bad callbacks with the answers the gateways expect, queues what staff must see, and changes no balance', async () => {
    const invoice = (await w.account(A)).invoices[0]!;
    const o = await order(invoice.id, 'vnpay', '500000');
    const good = { orderId: o.orderId, amount: 500_000n };

    const forged = vnpayIpn(good, { ...w.keys, hashSecret: 'not-the-secret-of-this-merchant!!' });
    expect((await vnpay(forged)).body.RspCode).toBe('97');
    const unsigned = { ...vnpayIpn(good, w.keys), vnp_SecureHash: '' };
    expect((await vnpay(unsigned)).body.RspCode).toBe('97');
    const tampered = { ...vnpayIpn(good, w.keys), vnp_Amount: '10000000' };
    expect((await vnpay(tampered)).body.RspCode).toBe('97');

    const stale = vnpayIpn(
      { ...good, paidAt: new Date(Date.now() - 3 * 86400_000), transactionNo: '900000001' },
      w.keys,
    );
    expect((await vnpay(stale)).body.RspCode).toBe('99');
    const unknown = vnpayIpn(
      { orderId: randomUUID(), amount: 500_000n, transactionNo: '900000002' },
      w.keys,
    );
    expect((await vnpay(unknown)).body.RspCode).toBe('01');
    const wrongAmount = vnpayIpn({ ...good, amount: 499_999n, transactionNo: '900000003' }, w.keys);
    expect((await vnpay(wrongAmount)).body.RspCode).toBe('04');
    expect(await momo({ ...momoIpn(good, w.keys), signature: 'ab'.repeat(32) })).toBe(400);
    expect(await momo({ nonsense: true })).toBe(400);

    const queued = await exceptions();
    expect(queued.map((e) => [e.kind, e.reference]).sort()).toEqual([
      ['invalidAmount', 'vnpay:900000003'],
      ['orderNotFound', 'vnpay:900000002'],
      ['stale', 'vnpay:900000001'],
    ]);
    const account = await w.account(A);
    expect(account.owed).toBe('1000000');
    expect(account.payments).toHaveLength(2);
  });

  it('keeps a second authentic payment for an order already paid, queued for a refund, never dropped', async () => {
    const S = randomUUID();
    await w.publish([w.enrolled({ studentId: S, schoolId: school })]);
    const invoice = (await w.account(S)).invoices[0]!;
    const o = await order(invoice.id, 'vnpay', '500000');
    const first = vnpayIpn(
      { orderId: o.orderId, amount: 500_000n, transactionNo: '900000101' },
      w.keys,
    );
    expect((await vnpay(first)).body.RspCode).toBe('00');
    // The family paid the same order again through another transaction.
    const second = vnpayIpn(
      { orderId: o.orderId, amount: 500_000n, transactionNo: '900000102' },
      w.keys,
    );
    expect((await vnpay(second)).body.RspCode).toBe('02');
    expect((await vnpay(second)).body.RspCode).toBe('02'); // the gateway's retry: still one entry
    const queued = (await exceptions()).filter((e) => e.reference === 'vnpay:900000102');
    expect(queued).toEqual([
      expect.objectContaining({ kind: 'secondPayment', reference: 'vnpay:900000102' }),
    ]);
    const queuedEntry = (
      await w.call('GET', '/payment-exceptions?source=vnpay', w.province)
    ).body.find((e: { reference: string }) => e.reference === 'vnpay:900000102');
    expect(queuedEntry).toMatchObject({ amount: '500000', studentId: S, status: 'open' });
    // Booked once: the second payment waits for the refund, not in the balance.
    const account = await w.account(S);
    expect(account.payments).toHaveLength(1);
    expect(account.owed).toBe(String(BigInt(invoice.amount) - 500_000n));
  });

  it('queues a callback for a cancelled invoice without crediting it', async () => {
    const B = randomUUID();
    await w.publish([w.enrolled({ studentId: B, schoolId: ruralSchool, segment: 'rural' })]);
    const invoice = (await w.account(B)).invoices[0]!;
    const o = await order(invoice.id, 'vnpay');
    const cancel = await w.write('POST', `/invoices/${invoice.id}/cancel`, w.province, {
      reason: 'Học sinh không nhập học',
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    const ipn = vnpayIpn(
      { orderId: o.orderId, amount: BigInt(o.amount), transactionNo: '900000004' },
      w.keys,
    );
    expect((await vnpay(ipn)).body.RspCode).toBe('02');
    expect(
      (await exceptions()).some(
        (e) => e.kind === 'invoiceCancelled' && e.reference === 'vnpay:900000004',
      ),
    ).toBe(true);
    const account = await w.account(B);
    expect(account).toMatchObject({ owed: '0', credit: '0', payments: [] });
    // Nothing to pay any more: no VietQR for a cancelled invoice.
    expect((await w.call('GET', `/invoices/${invoice.id}/vietqr`, w.province)).status).toBe(409);
  });

  it('records cash at the desk with the cashier, keeps overpayment as credit, refunds it', async () => {
    const invoice = (await w.account(A)).invoices[0]!;
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await w.write('POST', `/invoices/${invoice.id}/cash-payments`, staff, body);
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad({ amount: '1000.5' }, 'amount');
    await bad({ amount: '1.000.000,50' }, 'amount');
    await bad({ amount: '-1000' }, 'amount');
    await bad({ amount: 0.5 }, 'amount');
    await bad({ amount: '1000000', currency: 'USD' }, 'currency');
    const noKey = await w.call('POST', `/invoices/${invoice.id}/cash-payments`, staff, {
      amount: '1000',
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('Idempotency-Key');
    const otherSchool = await w.env.token('school-staff', ruralSchool, 'thu-ngan-02');
    expect(
      (
        await w.write('POST', `/invoices/${invoice.id}/cash-payments`, otherSchool, {
          amount: '1000',
        })
      ).status,
    ).toBe(404); // another school's invoice: not found, whether or not it exists

    // 1.100.000 ₫ against 1.000.000 ₫ owed: settled, 100.000 ₫ credit carried forward.
    const key = randomUUID();
    const pay = () =>
      w.call(
        'POST',
        `/invoices/${invoice.id}/cash-payments`,
        staff,
        { amount: '1.100.000', receiptNo: 'BL-0001' },
        { 'idempotency-key': key },
      );
    const first = await pay();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      channel: 'cash',
      cashless: false,
      cashier: 'thu-ngan-01',
      appliedAmount: '1000000',
      creditAmount: '100000',
    });
    const again = await pay();
    expect(again.body.paymentId).toBe(first.body.paymentId);

    let account = await w.account(A);
    expect(account).toMatchObject({ owed: '0', credit: '100000', net: '-100000' });
    expect(account.invoices[0].status).toBe('settled');

    const tooMuch = await w.write('POST', `/students/${A}/refunds`, staff, {
      amount: '100001',
      reason: 'Hoàn tiền thừa',
    });
    expect(tooMuch.status).toBe(409);
    const refund = await w.write('POST', `/students/${A}/refunds`, staff, {
      amount: '100000',
      reason: 'Hoàn tiền thừa',
    });
    expect(refund.status).toBe(201);
    account = await w.account(A);
    expect(account).toMatchObject({ owed: '0', credit: '0' });
  });

  it('prorates on transfer: the old school re-bills its part, the new school bills the rest', async () => {
    const C = randomUUID();
    await w.publish([w.enrolled({ studentId: C, schoolId: school })]);
    const before = await w.account(C);
    expect(before.invoices[0].amount).toBe('2044520');
    await w.publish([
      w.transferred({
        transferId: randomUUID(),
        studentId: C,
        fromSchoolId: school,
        toSchoolId: ruralSchool,
        grade: 1,
        schoolYear: '2025-2026',
        effectiveDate: '2025-10-15',
        completedAt: new Date().toISOString(),
      }),
      w.enrolled({
        studentId: C,
        schoolId: ruralSchool,
        segment: 'rural',
        reason: 'transfer',
        enrolledOn: '2025-10-15',
      }),
    ]);
    const after = await w.account(
      C,
      (a) => a.invoices.filter((i) => i.status !== 'cancelled').length === 2,
    );
    const live = after.invoices.filter((i: { status: string }) => i.status !== 'cancelled');
    const bySchool = Object.fromEntries(
      live.map((i: { schoolId: string; amount: string }) => [i.schoolId, i.amount]),
    );
    // Old school: Sep 260.000 + 14/31 of October (135.484) + health insurance 884.520 (charged once, by the first school).
    expect(bySchool[school]).toBe('1280004');
    // New school (rural, 150.000/month): 17/31 of October (82.258) + November + December.
    expect(bySchool[ruralSchool]).toBe('382258');
    expect(after.invoices.find((i: { status: string }) => i.status === 'cancelled').id).toBe(
      before.invoices[0].id,
    );
    expect(after.owed).toBe('1662262');
  });

  it('applies an entitlement approved by the school to open and later invoices, keeping the history', async () => {
    const H = randomUUID();
    await w.publish([w.enrolled({ studentId: H, schoolId: school })]);
    const hk1 = (await w.account(H)).invoices[0]!;
    const bad = await w.write('POST', `/students/${H}/entitlements`, staff, {
      category: 'NOT_A_CATEGORY',
      action: 'grant',
      effectiveFrom: '2025-09-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('category');
    // 70 % of tuition (Decree 81/2021 Art. 16): Sep 182.000 + Oct–Dec 3 × 210.000.
    const grant = await w.write('POST', `/students/${H}/entitlements`, staff, {
      category: 'REDUCE70_ETHNIC_DIFFICULT',
      action: 'grant',
      effectiveFrom: '2025-09-01',
      decisionRef: 'QĐ 12/QĐ-TH',
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({
      kind: 'tuitionReduction',
      percent: '70',
      approvedBy: 'thu-ngan-01',
    });
    expect(grant.body.appliedToInvoices).toEqual([{ invoiceId: hk1.id, amount: '812000' }]);
    let account = await w.account(H);
    expect(account.invoices[0]).toMatchObject({
      amount: '2044520',
      entitled: '812000',
      outstanding: '1232520',
    });
    expect(account.owed).toBe('1232520');

    // Term 2 billed later: the reduction applies at once (Jan–May 5 × 300.000, 70 % off).
    const run = await w.write('POST', '/billing-runs', staff, {
      schoolYear: '2025-2026',
      term: 2,
      schoolId: school,
    });
    expect(run.status).toBe(200);
    account = await w.account(H, (a) => a.invoices.length === 2);
    expect(account.invoices[1]).toMatchObject({
      periodKey: '2025-2026/HK2',
      amount: '1500000',
      entitled: '1050000',
      outstanding: '450000',
    });

    const end = await w.write('POST', `/students/${H}/entitlements`, staff, {
      category: 'REDUCE70_ETHNIC_DIFFICULT',
      action: 'end',
      effectiveFrom: '2026-06-01',
    });
    expect(end.status).toBe(201);
    const history = (await w.call('GET', `/students/${H}/entitlements`, staff)).body;
    expect(history.map((r: { action: string }) => r.action)).toEqual(['grant', 'end']);
  });

  it('bills voluntary services once the family signs up, replacing the term invoice and keeping what was paid', async () => {
    const J = randomUUID();
    await w.publish([w.enrolled({ studentId: J, schoolId: school })]);
    const before = (await w.account(J)).invoices[0]!;
    const cash = await w.write('POST', `/invoices/${before.id}/cash-payments`, staff, {
      amount: '1000000',
    });
    expect(cash.status).toBe(201);
    const wrong = await w.write('PUT', `/students/${J}/services`, staff, {
      schoolYear: '2025-2026',
      term: 1,
      serviceCodes: ['BHYT'],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('serviceCodes');
    const r = await w.write('PUT', `/students/${J}/services`, staff, {
      schoolYear: '2025-2026',
      term: 1,
      serviceCodes: ['TIEN_AN', 'SLL_DIEN_TU'],
    });
    expect(r.status).toBe(200);
    const account = await w.account(J, (a) => a.invoices.length === 2);
    const live = account.invoices.find((i: { status: string }) => i.status !== 'cancelled');
    // Meals: 26/30 of 500.000 in September (433.333) + 3 × 500.000; school e-services: the whole term (60.000).
    expect(live.amount).toBe(String(2044520 + 433333 + 1500000 + 60000));
    expect(live.lines.map((l: { feeCode: string }) => l.feeCode)).toEqual(
      expect.arrayContaining(['TIEN_AN', 'SLL_DIEN_TU', 'HOC_PHI', 'BHYT']),
    );
    expect(live.replacesInvoiceId).toBe(before.id);
    // The 1.000.000 ₫ paid against the cancelled invoice carried over.
    expect(account.owed).toBe(String(2044520 + 433333 + 1500000 + 60000 - 1000000));
  });

  it('publishes each payment exactly once on Kafka with channel, cashless flag, amount string and segment', async () => {
    const got = await w.messages(
      Topics.paymentsPayments,
      (m) =>
        m.filter((e) => e.type === EventTypes.paymentReceived.type && e.subjectId === A).length >=
        3,
    );
    const received = got
      .filter((e) => e.type === EventTypes.paymentReceived.type && e.subjectId === A)
      .map((e) => e.data as PaymentReceivedV1);
    expect(received.map((d) => [d.channel, d.cashless, d.amount]).sort()).toEqual([
      ['cash', false, '1100000'],
      ['momo', true, '44520'],
      ['vnpay', true, '1000000'],
    ]);
    expect(
      received.every((d) => d.schoolId === school && d.segment === 'urban' && d.currency === 'VND'),
    ).toBe(true);
    const invoices = await w.messages(Topics.paymentsInvoices, (m) =>
      m.some((e) => e.type === EventTypes.invoiceSettled.type),
    );
    expect(
      invoices.filter((e) => e.type === EventTypes.invoiceSettled.type && e.subjectId === A),
    ).toHaveLength(1);
    expect(invoices.some((e) => e.type === EventTypes.invoiceCancelled.type)).toBe(true);
  });

  it('publishes payment.received v2 whose settledLines name the fee lines of both invoices a payment spans', async () => {
    const K = randomUUID();
    await w.publish([w.enrolled({ studentId: K, schoolId: school })]);
    await w.account(K);
    const run = await w.write('POST', '/billing-runs', staff, {
      schoolYear: '2025-2026',
      term: 2,
      schoolId: school,
    });
    expect(run.status).toBe(200);
    type Line = {
      feeCode: string;
      feeName: string;
      kind: string;
      periodKey: string;
      mandatory: boolean;
      amount: string;
    };
    const before = await w.account(K, (a) => a.invoices.length === 2);
    const [hk1, hk2] = before.invoices as unknown as Array<{
      id: string;
      amount: string;
      lines: Line[];
    }>;
    expect(hk1!.amount).toBe('2044520');
    expect(hk2!.lines.length).toBeGreaterThanOrEqual(2);
    // All of term 1, the first line of term 2 and 100.000 of its second.
    const amount = 2044520 + Number(hk2!.lines[0]!.amount) + 100000;
    const paid = await w.write('POST', `/invoices/${hk1!.id}/cash-payments`, staff, {
      amount: String(amount),
    });
    expect(paid.status).toBe(201);

    const events = await w.messages(Topics.paymentsPayments, (m) =>
      m.some((e) => e.type === EventTypes.paymentReceived.type && e.subjectId === K),
    );
    const mine = events.filter(
      (e) => e.type === EventTypes.paymentReceived.type && e.subjectId === K,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.version).toBe(2);
    const data = mine[0]!.data as PaymentReceivedV2;
    const mandatoryFirst = (lines: Line[]) => [
      ...lines.filter((l) => l.mandatory),
      ...lines.filter((l) => !l.mandatory),
    ];
    const receiptLine = (invoiceId: string, l: Line, part?: string) => ({
      invoiceId,
      feeCode: l.feeCode,
      feeName: l.feeName,
      kind: l.kind,
      periodKey: l.periodKey,
      amount: part ?? l.amount,
    });
    const hk2Lines = mandatoryFirst(hk2!.lines);
    expect(data.settledLines).toEqual([
      ...mandatoryFirst(hk1!.lines).map((l) => receiptLine(hk1!.id, l)),
      receiptLine(hk2!.id, hk2Lines[0]!),
      receiptLine(hk2!.id, hk2Lines[1]!, '100000'),
    ]);
    expect(data).toMatchObject({
      amount: String(amount),
      appliedAmount: String(amount),
      creditAmount: '0',
    });
    expect(data.settledLines.reduce((s, l) => s + BigInt(l.amount), 0n)).toBe(
      BigInt(data.appliedAmount),
    );

    // The receipt as the school and the family read it shows the same lines.
    const after = await w.account(K);
    expect(after.payments[0].settledLines).toEqual(data.settledLines);
  });
});
