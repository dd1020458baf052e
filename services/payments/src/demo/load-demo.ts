/**
 * Demo data of the payments service, through its API: the fee catalogue of school year
 * 2025-2026 (the province part). Students are billed when enrollment publishes
 * `student.enrolled`; pay an invoice with the simulator:
 *   node services/payments/dist/simulator/cli.js pay <invoice id> vnpay|momo [amount]
 *   node services/payments/dist/demo/load-demo.js
 * Environment: PAYMENTS_URL (http://127.0.0.1:3004), AUTH_HMAC_SECRET. Safe to run again.
 */
import { signDemoToken } from '@qn/auth';
import { demoProvinceCatalogue, DEMO_SCHOOL_YEAR } from './demo-catalogue';

async function main(): Promise<void> {
  const base = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:3004';
  const secret = process.env.AUTH_HMAC_SECRET;
  if (!secret) throw new Error('AUTH_HMAC_SECRET is required');
  const token = await signDemoToken(secret, {
    sub: 'demo-payments',
    roles: ['province'],
    orgUnitId: null,
    issuer: process.env.AUTH_ISSUER ?? 'qn-edu-local',
    audience: process.env.AUTH_AUDIENCE ?? 'qn-edu-platform',
  });
  const res = await fetch(`${base}/fee-catalogues/${DEMO_SCHOOL_YEAR}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      // The same key every run: a second run replays the first answer.
      'idempotency-key': `demo-fee-catalogue-${DEMO_SCHOOL_YEAR}`,
    },
    body: JSON.stringify(demoProvinceCatalogue),
  });
  if (!res.ok) throw new Error(`fee catalogue: ${res.status} ${await res.text()}`);
  console.error(`[payments] fee catalogue ${DEMO_SCHOOL_YEAR} loaded`);
}

main().catch((err: Error) => {
  console.error(`[payments] demo: ${err.message}`);
  process.exit(1);
});
