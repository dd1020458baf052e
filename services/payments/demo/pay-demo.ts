/**
 * Follow-up of the payments demo, through the payments API (run by `npm start` in the
 * background, after the enrollment demo's `decide-demo.js` has enrolled students): waits until
 * payments has billed the students listed in DEMO_STUDENTS_FILE (from their
 * `enrollment.student.enrolled` events), then pays their open invoices as `planDemoPayments`
 * says: VNPay- and MoMo-style gateway payments (order, then the signed IPN from the local
 * simulator), bank transfers with the payment code (one bank statement imported and matched),
 * and cash at the school desk (recorded with the cashier); some invoices stay unpaid. The
 * `payments.payment.received` events feed the cashless indicators of the KPI dashboard.
 *   node services/payments/demo/dist/demo/pay-demo.js
 * Environment: PAYMENTS_URL (http://127.0.0.1:3004), AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE, VNPAY_HASH_SECRET,
 * MOMO_SECRET_KEY (VNPAY_TMN_CODE, MOMO_PARTNER_CODE, MOMO_ACCESS_KEY if not the defaults),
 * DEMO_STUDENTS_FILE (.local/demo/students.jsonl), DEMO_SEED (2026),
 * DEMO_BILLING_TIMEOUT_SECONDS (180). Safe to run again: the invoices it decided on (paid or
 * left unpaid) are listed in DEMO_PLANNED_FILE (.local/demo/planned-invoices.txt) and not
 * decided again; only what is still owed is paid.
 */
import { demoCollectionAccount } from './demo-collection-accounts';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { provinceDate } from '@qn/contracts';
import { demoSigningSecret, demoTokenAudience, signDemoToken, Role } from '@qn/auth';
import { fetchService, mapLimit } from '@qn/demo-kit';
import {
  momoIpn,
  statementCsv,
  StatementLine,
  vnpayIpn,
  vnpayQuery,
} from './simulator/gateway-simulator';
import {
  cashlessShareBySegment,
  DEMO_PAYMENT_PLAN,
  DemoChannel,
  DemoInvoice,
  planDemoPayments,
} from './payment-plan';

interface AccountView {
  studentId: string;
  paymentCode: string;
  invoices: Array<{
    id: string;
    schoolId: string;
    segment: string;
    status: 'open' | 'settled' | 'cancelled';
    outstanding: string;
  }>;
}
interface Bill extends DemoInvoice {
  schoolId: string;
  paymentCode: string;
}

const log = (msg: string) => console.error(`[payments demo] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Student ids from the file the enrollment demo writes, in its order, each once. */
export function readStudentIds(text: string): { ids: string[]; bad: number } {
  const ids: string[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const id = (JSON.parse(line) as { studentId?: unknown }).studentId;
      if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
        if (!ids.includes(id)) ids.push(id);
      } else bad++;
    } catch {
      bad++;
    }
  }
  return { ids, bad };
}

async function main(): Promise<void> {
  const env = (k: string, d?: string) => {
    const v = process.env[k] ?? d;
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const base = env('PAYMENTS_URL', 'http://127.0.0.1:3004');
  const secret = demoSigningSecret();
  if (!secret) throw new Error('AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required');
  const vnpayKeys = {
    tmnCode: env('VNPAY_TMN_CODE', 'QNEDU001'),
    hashSecret: env('VNPAY_HASH_SECRET'),
  };
  const momoKeys = {
    partnerCode: env('MOMO_PARTNER_CODE', 'MOMOQNEDU'),
    accessKey: env('MOMO_ACCESS_KEY', 'qnedu-access'),
    secretKey: env('MOMO_SECRET_KEY'),
  };
  const seed = Number(env('DEMO_SEED', '2026'));
  const timeoutMs = Number(env('DEMO_BILLING_TIMEOUT_SECONDS', '180')) * 1000;
  const file = resolve(env('DEMO_STUDENTS_FILE', '.local/demo/students.jsonl'));
  const plannedFile = resolve(env('DEMO_PLANNED_FILE', '.local/demo/planned-invoices.txt'));
  const planned = new Set(
    existsSync(plannedFile) ? readFileSync(plannedFile, 'utf8').split('\n').filter(Boolean) : [],
  );
  if (!existsSync(file))
    throw new Error(
      `no students file ${file}: run services/enrollment/demo/dist/demo/decide-demo.js`,
    );
  const { ids, bad } = readStudentIds(readFileSync(file, 'utf8'));
  if (bad) log(`${bad} unreadable line(s) in ${file} skipped`);
  if (ids.length === 0) {
    log(`no students in ${file}: nothing to pay`);
    return;
  }

  const opts = {
    ...demoTokenAudience(),
    expiresIn: '2h',
  };
  const province = await signDemoToken(secret, {
    sub: 'demo-payments',
    roles: [Role.Province],
    orgUnitId: null,
    ...opts,
  });
  const cashiers = new Map<string, Promise<string>>();
  const cashierOf = (schoolId: string) => {
    if (!cashiers.has(schoolId))
      cashiers.set(
        schoolId,
        signDemoToken(secret, {
          sub: `demo-cashier-${schoolId.slice(0, 8)}`,
          roles: [Role.SchoolStaff],
          orgUnitId: schoolId,
          ...opts,
        }),
      );
    return cashiers.get(schoolId)!;
  };
  const call = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetchService(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as Record<string, unknown> };
  };
  const fail = (what: string, r: { status: number; body: unknown }) =>
    new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);

  // 1. Wait until payments has billed every student (it reads enrollment's events from Kafka).
  const accounts = new Map<string, AccountView>();
  const started = Date.now();
  let waiting = ids;
  while (waiting.length) {
    const seen = await mapLimit(waiting, 8, async (id) => {
      const r = await call('GET', `/students/${id}/account`, province);
      if (r.status === 404) return false;
      if (r.status !== 200) throw fail(`account of ${id}`, r);
      const account = r.body as unknown as AccountView;
      if (!account.invoices.some((i) => i.status !== 'cancelled')) return false;
      accounts.set(id, account);
      return true;
    });
    waiting = waiting.filter((_, i) => !seen[i]);
    if (!waiting.length) break;
    if (Date.now() - started > timeoutMs) {
      if (!accounts.size)
        throw new Error(
          `payments billed none of the ${ids.length} students within ${timeoutMs / 1000} s (is there a fee catalogue for their school year? see .local/logs/payments.log)`,
        );
      log(
        `${waiting.length} of ${ids.length} students not billed after ${timeoutMs / 1000} s: paying the others`,
      );
      break;
    }
    await sleep(2000);
  }
  log(`${accounts.size} students billed`);

  // 1b. Each school collects into its own account (the VietQR of its invoices names it): set one
  // for every school in force (from the registry, REGISTRY_URL) and every billed one that has
  // none yet. Every school of the province accepts cashless payment, as the province reported
  // for 2024; the KPI aggregator counts a school from the day its account is set.
  const schools = new Set([...accounts.values()].flatMap((a) => a.invoices.map((i) => i.schoolId)));
  const registry = process.env.REGISTRY_URL?.replace(/\/$/, '');
  if (registry)
    for (let offset = 0; ; offset += 1000) {
      const res = await fetchService(
        `${registry}/org-units?kind=school&limit=1000&offset=${offset}&asOf=${new Date().toISOString().slice(0, 10)}`,
        { headers: { authorization: `Bearer ${province}` } },
      );
      if (!res.ok) throw new Error(`registry: the schools in force: ${res.status}`);
      const page = (await res.json()) as { items: Array<{ id: string }>; total: number };
      for (const u of page.items) schools.add(u.id);
      if (page.items.length === 0 || offset + page.items.length >= page.total) break;
    }
  for (const schoolId of schools) {
    const path = `/schools/${schoolId}/collection-account`;
    if ((await call('GET', path, province)).status === 200) continue;
    const r = await call('PUT', path, province, demoCollectionAccount(schoolId), {
      'idempotency-key': `demo-collection-account-${schoolId}`,
    });
    if (r.status !== 200) throw fail(`collection account of school ${schoolId}`, r);
  }
  log(`${schools.size} schools have their collection account`);

  // 2. What is still owed, in the order of the students file, and how each invoice is paid.
  const bills: Bill[] = ids.flatMap((id) => {
    const a = accounts.get(id);
    return (a?.invoices ?? [])
      .filter((i) => i.status === 'open' && BigInt(i.outstanding) > 0n && !planned.has(i.id))
      .map((i) => ({
        invoiceId: i.id,
        segment: i.segment,
        amount: BigInt(i.outstanding),
        schoolId: i.schoolId,
        paymentCode: a!.paymentCode,
      }));
  });
  if (!bills.length) {
    log('nothing to pay: the invoices were paid (or left unpaid) by an earlier run');
    return;
  }
  const plan = planDemoPayments(bills, { ...DEMO_PAYMENT_PLAN, seed });

  // 3. Pay: gateways and cash one by one (a few at a time), bank transfers in one statement.
  const today = provinceDate();
  const statement: StatementLine[] = [];
  const errors: string[] = [];
  const failed = new Set<string>();
  const done = new Map<DemoChannel, number>();
  await mapLimit(bills, 6, async (b, n) => {
    const channel = plan.get(b.invoiceId)!;
    try {
      if (channel === 'unpaid') return;
      if (channel === 'bankTransfer') {
        statement.push({
          transactionId: `FT${today.replace(/-/g, '')}${b.invoiceId.slice(-12)}`,
          bookingDate: today,
          amount: b.amount,
          description: `${b.paymentCode} nop hoc phi HK1`,
        });
        return;
      }
      if (channel === 'cash') {
        const r = await call(
          'POST',
          `/invoices/${b.invoiceId}/cash-payments`,
          await cashierOf(b.schoolId),
          { amount: b.amount.toString(), receiptNo: `BL-DEMO-${b.invoiceId.slice(-12)}` },
          { 'idempotency-key': `demo-cash-${b.invoiceId}` },
        );
        if (
          r.status !== 201 &&
          !(r.status === 409 && String(r.body?.type).endsWith('receipt-already-used'))
        )
          throw fail('cash payment', r);
      } else {
        const r = await call(
          'POST',
          `/invoices/${b.invoiceId}/gateway-orders`,
          // Payments holds no guardian relations yet (the roster brings them): the school's desk
          // starts the order and the family pays it at the gateway.
          await cashierOf(b.schoolId),
          { provider: channel },
          { 'idempotency-key': `demo-order-${b.invoiceId}` },
        );
        if (r.status !== 201) throw fail(`${channel} order`, r);
        const order = r.body as { orderId: string; amount: string };
        const payment = { orderId: order.orderId, amount: BigInt(order.amount) };
        if (channel === 'vnpay') {
          const ipn = await fetchService(
            `${base}/gateways/vnpay/ipn?${vnpayQuery(vnpayIpn(payment, vnpayKeys))}`,
          );
          const answer = (await ipn.json()) as { RspCode?: string };
          if (!['00', '02'].includes(answer.RspCode ?? ''))
            throw fail('VNPay IPN', { status: ipn.status, body: answer });
        } else {
          const ipn = await fetchService(`${base}/gateways/momo/ipn`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(momoIpn(payment, momoKeys)),
          });
          if (ipn.status !== 204)
            throw fail('MoMo IPN', { status: ipn.status, body: await ipn.text() });
        }
      }
      done.set(channel, (done.get(channel) ?? 0) + 1);
    } catch (e) {
      failed.add(b.invoiceId);
      errors.push(`invoice ${b.invoiceId} (${channel}, #${n}): ${(e as Error).message}`);
    }
  });
  if (statement.length) {
    const csv = statementCsv(statement);
    const r = await call('POST', '/reconciliation/statements', province, csv, {
      'content-type': 'text/csv',
      'idempotency-key': `demo-statement-${statement[0].transactionId}-${statement.length}`,
    });
    const booked = Number((r.body as { booked?: number } | undefined)?.booked ?? 0);
    if (r.status !== 201) {
      errors.push(fail('bank statement', r).message);
      for (const b of bills) if (plan.get(b.invoiceId) === 'bankTransfer') failed.add(b.invoiceId);
    } else if (booked < statement.length)
      errors.push(
        `bank statement: ${booked} of ${statement.length} lines booked, the rest are in the exception queue`,
      );
    if (booked) done.set('bankTransfer', booked);
  }

  // Decided: not again on the next run (failed ones are tried again).
  appendFileSync(
    plannedFile,
    bills
      .filter((b) => !failed.has(b.invoiceId))
      .map((b) => `${b.invoiceId}\n`)
      .join(''),
  );
  const shares = cashlessShareBySegment(bills, plan);
  const bySegment = Object.entries(shares)
    .map(
      ([s, v]) =>
        `${s} ${v.invoices - v.unpaid}/${v.invoices} paid, ${v.share === null ? '-' : (v.share * 100).toFixed(1)} % of the amount cashless`,
    )
    .join('; ');
  log(
    `paid ${[...done].map(([c, k]) => `${k} by ${c}`).join(', ')}; ${[...plan.values()].filter((c) => c === 'unpaid').length} left unpaid for now. ${bySegment}`,
  );
  if (errors.length) throw new Error(`${errors.length} payment(s) failed, the first: ${errors[0]}`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    log(`error: ${err.message}`);
    process.exit(1);
  });
}
