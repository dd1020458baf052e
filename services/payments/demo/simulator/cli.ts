/**
 * The local gateway simulator from the command line: starts a gateway order for an invoice and
 * delivers the signed IPN the gateway would send (twice, to show it credits once).
 *   node services/payments/demo/dist/demo/simulator/cli.js pay <invoice id> vnpay|momo [amount]
 * Environment: PAYMENTS_URL (http://127.0.0.1:3004), AUTH_HMAC_SECRET, VNPAY_HASH_SECRET,
 * MOMO_SECRET_KEY (and VNPAY_TMN_CODE, MOMO_PARTNER_CODE, MOMO_ACCESS_KEY if not the defaults).
 */
import { demoTokenAudience, signDemoToken } from '@qn/auth';
import { momoIpn, vnpayIpn, vnpayQuery } from './gateway-simulator';

async function main(argv: string[]): Promise<void> {
  const [cmd, invoiceId, provider = 'vnpay', amount] = argv;
  if (cmd !== 'pay' || !invoiceId || !['vnpay', 'momo'].includes(provider))
    throw new Error('usage: cli.js pay <invoice id> vnpay|momo [amount]');
  const env = (k: string, d?: string) => {
    const v = process.env[k] ?? d;
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const base = env('PAYMENTS_URL', 'http://127.0.0.1:3004');
  const token = await signDemoToken(env('AUTH_HMAC_SECRET'), {
    // The department's token: it reaches any invoice given by id. A family's token reaches its own
    // children's invoices only (payments keeps the guardians enrollment announces), and the
    // simulator is not told whose child an invoice is.
    sub: 'simulated-desk',
    roles: ['province'],
    orgUnitId: null,
    ...demoTokenAudience(),
  });
  const created = await fetch(`${base}/invoices/${invoiceId}/gateway-orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ provider, ...(amount ? { amount } : {}) }),
  });
  const order = (await created.json()) as { orderId: string; amount: string; payUrl?: string };
  if (!created.ok) throw new Error(`order: ${created.status} ${JSON.stringify(order)}`);
  // What a family's browser would open; the simulator pays in the gateway's place instead.
  if (order.payUrl) console.error(`VNPay payment page: ${order.payUrl}`);
  const payment = { orderId: order.orderId, amount: BigInt(order.amount) };
  for (let i = 1; i <= 2; i++) {
    if (provider === 'vnpay') {
      const params = vnpayIpn(payment, {
        tmnCode: env('VNPAY_TMN_CODE', 'QNEDU001'),
        hashSecret: env('VNPAY_HASH_SECRET'),
      });
      Object.assign(payment, { transactionNo: params.vnp_TransactionNo });
      const r = await fetch(`${base}/gateways/vnpay/ipn?${vnpayQuery(params)}`);
      console.error(`IPN #${i}: ${r.status} ${await r.text()}`);
    } else {
      const body = momoIpn(payment, {
        partnerCode: env('MOMO_PARTNER_CODE', 'MOMOQNEDU'),
        accessKey: env('MOMO_ACCESS_KEY', 'qnedu-access'),
        secretKey: env('MOMO_SECRET_KEY'),
      });
      Object.assign(payment, { transactionNo: String(body.transId) });
      const r = await fetch(`${base}/gateways/momo/ipn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      console.error(`IPN #${i}: ${r.status}`);
    }
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`[payments simulator] ${err.message}`);
  process.exit(1);
});
