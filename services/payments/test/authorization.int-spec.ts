import { randomUUID } from 'node:crypto';
import { provinceDate } from '@qn/contracts';
import {
  matrixCoverage,
  matrixTokens,
  operationKeysOf,
  orgUnitChanged,
  runAuthorizationMatrix,
  waitFor,
} from '@qn/testing';
import { DEMO_SCHOOL_YEAR } from '../demo/demo-catalogue';
import { statementCsv } from '../demo/simulator/gateway-simulator';
import { paymentsMatrix } from './authorization-matrix';
import { PaymentsWorld } from './world';

/** Operations without a policy: probes, metrics and the gateways' signed callbacks. */
const PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /gateways/vnpay/ipn',
  'POST /gateways/momo/ipn',
];

describe('payments authorization matrix (every operation × every caller × own/other/no scope)', () => {
  const w = new PaymentsWorld();
  const fx = {
    province: randomUUID(),
    ownCommune: randomUUID(),
    otherCommune: randomUUID(),
    ownSchool: randomUUID(),
    otherSchool: randomUUID(),
    guardian: 'family-of-the-student',
  };
  const student = randomUUID();
  const settled = randomUUID();

  beforeAll(async () => {
    await w.start();
    await w.publishRouted([
      orgUnitChanged(fx.province, 'province', null),
      orgUnitChanged(fx.ownCommune, 'commune', fx.province),
      orgUnitChanged(fx.otherCommune, 'commune', fx.province),
      orgUnitChanged(fx.ownSchool, 'school', fx.ownCommune),
      orgUnitChanged(fx.otherSchool, 'school', fx.otherCommune),
    ]);
    await w.publish([
      w.enrolled({ studentId: student, schoolId: fx.ownSchool }),
      w.enrolled({ studentId: settled, schoolId: fx.ownSchool }),
      w.guardianLinked(student, fx.guardian),
    ]);
  }, 90000);
  afterAll(() => w.stop());

  it('has a row for every operation of the OpenAPI document, and no row for a missing one', async () => {
    const doc = (await w.call('GET', '/docs-json', w.province)).body;
    expect(matrixCoverage(operationKeysOf(doc), paymentsMatrix(''), PUBLIC)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('answers every caller as the matrix says', async () => {
    const account = await w.account(student);
    const guardian = await w.env.token('family', null, fx.guardian);
    await waitFor(
      async () => (await w.call('GET', `/students/${student}/account`, guardian)).status === 200,
      { description: 'the guardian relation in payments' },
    );
    const paid = await w.account(settled);
    // An exception about the own school's student: a transfer for an invoice paid in cash.
    const staff = await w.env.token('school-staff', fx.ownSchool, 'thu-ngan');
    const invoice = paid.invoices[0]!;
    const cash = await w.write('POST', `/invoices/${invoice.id}/cash-payments`, staff, {
      amount: invoice.amount,
    });
    expect(cash.status).toBe(201);
    const today = provinceDate();
    const line = (transactionId: string, code: string) => ({
      transactionId,
      bookingDate: today,
      amount: 1000n,
      description: `hoc phi ${code}`,
    });
    const mismatch = await w.write(
      'POST',
      '/reconciliation/statements',
      w.province,
      statementCsv([line('FT-MX-0', paid.paymentCode)]),
    );
    expect(mismatch.status).toBe(201);
    const exception = await waitFor(
      async () =>
        (
          (await w.call('GET', '/payment-exceptions?source=statement', w.province)).body as Array<{
            id: string;
            studentId: string | null;
          }>
        ).find((e) => e.studentId === settled),
      { description: 'the exception about the settled student' },
    );
    // Allowed importers send it again and again: the bank transaction books once.
    const matrix = paymentsMatrix(statementCsv([line('FT-MX-1', account.paymentCode)]));
    const mismatches = await runAuthorizationMatrix({
      url: w.url,
      matrix,
      token: matrixTokens((o) => w.env.sign(o), fx),
      params: {
        id: account.invoices[0]!.id,
        studentId: student,
        schoolId: fx.ownSchool,
        schoolYear: DEMO_SCHOOL_YEAR,
        exceptionId: exception.id,
      },
    });
    expect(mismatches).toEqual([]);
  }, 240000);
});
