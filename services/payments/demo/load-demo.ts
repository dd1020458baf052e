/**
 * Demo data of the payments service, through its API: the fee catalogues of school years
 * 2025-2026 and 2026-2027 (the province part; 2026-2027 is the year the enrollment demo admits
 * to). Students are billed when enrollment publishes `student.enrolled`; `pay-demo.js` (run by
 * `npm start` in the background once the demo rounds are decided) pays their invoices, and one
 * invoice can be paid by hand with the simulator:
 *   node services/payments/demo/dist/demo/simulator/cli.js pay <invoice id> vnpay|momo [amount]
 *   node services/payments/demo/dist/demo/load-demo.js
 * Environment: PAYMENTS_URL (http://127.0.0.1:3004), AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE. Safe to run again.
 */
import { demoSigningSecret, demoTokenAudience, signDemoToken } from '@qn/auth';
import { demoProvinceCatalogueFor, DEMO_SCHOOL_YEARS } from './demo-catalogue';

async function main(): Promise<void> {
  const base = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:3004';
  const secret = demoSigningSecret();
  if (!secret) throw new Error('AUTH_HMAC_SECRET or AUTH_DEMO_SIGNING_KEY_FILE is required');
  const token = await signDemoToken(secret, {
    sub: 'demo-payments',
    roles: ['province'],
    orgUnitId: null,
    ...demoTokenAudience(),
  });
  for (const year of DEMO_SCHOOL_YEARS) {
    const res = await fetch(`${base}/fee-catalogues/${year}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        // The same key every run: a second run replays the first answer.
        'idempotency-key': `demo-fee-catalogue-${year}`,
      },
      body: JSON.stringify(demoProvinceCatalogueFor(year)),
    });
    if (!res.ok) throw new Error(`fee catalogue ${year}: ${res.status} ${await res.text()}`);
  }
  console.error(`[payments] fee catalogues ${DEMO_SCHOOL_YEARS.join(', ')} loaded`);
}

main().catch((err: Error) => {
  console.error(`[payments] demo: ${err.message}`);
  process.exit(1);
});
