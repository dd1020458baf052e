import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityVerifierConformance } from '../../../../test/ports/identity-verifier-conformance';
import { IdentityGatewayStub } from '../../../../test/ports/identity-gateway-stub';
import { IdentityServiceUnavailable } from '../identity-verifier';
import { GatewayIdentityVerifier } from './gateway-identity-verifier';
import { LocalPopulationRegister, parseRegisterCsv } from './local-population-register';
import { comparableName, maskPersonalId } from './identity-names';

identityVerifierConformance('LocalPopulationRegister (in memory)', async (persons, log) => {
  const verifier = new LocalPopulationRegister(persons, 7, undefined, log);
  return { verifier, goUnavailable: () => verifier.setAvailable(false) };
});

identityVerifierConformance('LocalPopulationRegister (CSV file)', async (persons, log) => {
  const dir = mkdtempSync(join(tmpdir(), 'register-'));
  const file = join(dir, 'register.csv');
  writeFileSync(
    file,
    '\uFEFFfull_name,personal_id,date_of_birth\n' +
      persons.map((p) => `"${p.fullName}",${p.personalId},${p.dateOfBirth}`).join('\r\n'),
  );
  const verifier = LocalPopulationRegister.fromFile(file, 5, log);
  return {
    verifier,
    goUnavailable: () => renameSync(file, `${file}.away`),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

identityVerifierConformance(
  'GatewayIdentityVerifier (against a local HTTP stub)',
  async (persons, log) => {
    const stub = await new IdentityGatewayStub(persons, 'k-123', 10).start();
    const verifier = new GatewayIdentityVerifier({
      baseUrl: `${stub.url}/`,
      apiKey: 'k-123',
      timeoutMs: 2000,
      maxBatch: 10,
      log,
    });
    return { verifier, goUnavailable: () => void (stub.mode = 'down'), close: () => stub.stop() };
  },
);

describe('name comparison', () => {
  it('ignores Unicode form, case and extra whitespace; keeps diacritics', () => {
    expect(comparableName('  NGUYỄN   thị\tHồng ')).toBe(
      comparableName('Nguyễn Thị Hồng'.normalize('NFD')),
    );
    expect(comparableName('Nguyen Thi Hong')).not.toBe(comparableName('Nguyễn Thị Hồng'));
    expect(comparableName('Đặng')).toBe(comparableName('đặng'));
  });
  it('masks personal ids to the last four digits', () => {
    expect(maskPersonalId('022215000101')).toBe('••••0101');
  });
});

describe('LocalPopulationRegister', () => {
  it('answers verified whatever the case and spacing of the name', async () => {
    const r = new LocalPopulationRegister([
      { personalId: '022215000101', fullName: 'Nguyễn Thị Hồng Nhung', dateOfBirth: '2015-02-11' },
    ]);
    expect(
      await r.verify([
        {
          ref: '1',
          personalId: '022215000101',
          fullName: ' nguyễn  THỊ hồng nhung',
          dateOfBirth: '2015-02-11',
        },
      ]),
    ).toEqual([{ ref: '1', result: 'verified' }]);
  });

  it('reads the file again when it changes, and names a bad line without its content', () => {
    expect(() =>
      parseRegisterCsv('personal_id,full_name,date_of_birth\n12345,Ai Đó,2015-01-01\n'),
    ).toThrow(/line 2 is not a person/);
    expect(() => parseRegisterCsv('id,name\n')).toThrow(/no personal_id column/);
    expect(
      parseRegisterCsv(
        'personal_id,full_name,date_of_birth,x\n022215000101,"Lê, Văn ""A""",2015-01-01,\n\n',
      ),
    ).toEqual([{ personalId: '022215000101', fullName: 'Lê, Văn "A"', dateOfBirth: '2015-01-01' }]);
  });

  it('is unavailable while its file is missing, and back when it returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-'));
    const file = join(dir, 'r.csv');
    expect(() => LocalPopulationRegister.fromFile(file)).toThrow(IdentityServiceUnavailable);
    writeFileSync(file, 'personal_id,full_name,date_of_birth\n');
    const r = LocalPopulationRegister.fromFile(file);
    const q = { ref: '1', personalId: '022215000101', fullName: 'A B', dateOfBirth: '2015-01-01' };
    expect(await r.verify([q])).toEqual([{ ref: '1', result: 'not-found' }]);
    writeFileSync(file, 'personal_id,full_name,date_of_birth\n022215000101,A B,2015-01-01\n');
    expect(await r.verify([q])).toEqual([{ ref: '1', result: 'verified' }]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('GatewayIdentityVerifier', () => {
  const persons = [
    { personalId: '022215000101', fullName: 'Vũ Minh Anh', dateOfBirth: '2015-02-11' },
  ];
  const q = { ref: 'student:1', ...persons[0]! };
  let stub: IdentityGatewayStub;
  beforeEach(async () => (stub = await new IdentityGatewayStub(persons, 'good-key').start()));
  afterEach(() => stub.stop());
  const verifier = (over: Partial<ConstructorParameters<typeof GatewayIdentityVerifier>[0]> = {}) =>
    new GatewayIdentityVerifier({
      baseUrl: stub.url,
      apiKey: 'good-key',
      timeoutMs: 1000,
      maxBatch: 100,
      ...over,
    });

  it('sends the documented request: bearer key, JSON requests with NFC names', async () => {
    await verifier().verify([{ ...q, fullName: q.fullName.normalize('NFD') }]);
    expect(stub.requests[0]!.headers.authorization).toBe('Bearer good-key');
    expect(stub.requests[0]!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(stub.requests[0]!.body).toEqual({ requests: [{ ...q, fullName: 'Vũ Minh Anh' }] });
  });

  it.each([
    ['a refused key (401)', () => ({ apiKey: 'wrong' }), 'ok'],
    ['a timeout', () => ({ timeoutMs: 200 }), 'hang'],
    ['a malformed body', () => ({}), 'garbage'],
    ['an answer missing a ref', () => ({}), 'partial'],
    ['a closed port', () => ({ baseUrl: 'http://127.0.0.1:9' }), 'ok'],
  ] as const)('maps %s to IdentityServiceUnavailable', async (_what, over, mode) => {
    stub.mode = mode;
    await expect(verifier(over()).verify([q])).rejects.toBeInstanceOf(IdentityServiceUnavailable);
  });
});
