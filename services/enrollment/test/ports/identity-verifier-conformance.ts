import type { PortLog } from '../../src/shared/ports/port-log';
import {
  IdentityQuery,
  IdentityServiceUnavailable,
  IdentityVerifier,
} from '../../src/shared/ports/identity-verifier';
import type { RegisterPerson } from '../../src/shared/ports/identity/local-population-register';

/** An adapter set up by a suite's caller over a register holding `persons`. */
export interface IdentityAdapterUnderTest {
  verifier: IdentityVerifier;
  /** From now on the register cannot be reached. */
  goUnavailable(): void | Promise<void>;
  close?(): Promise<void>;
}

export type MakeIdentityAdapter = (
  persons: RegisterPerson[],
  log: PortLog,
) => Promise<IdentityAdapterUnderTest>;

const PERSONS: RegisterPerson[] = [
  { personalId: '022215000101', fullName: 'Nguyễn Thị Hồng Nhung', dateOfBirth: '2015-02-11' },
  { personalId: '022315000202', fullName: 'Trần Đức Mạnh', dateOfBirth: '2015-09-30' },
  { personalId: '022185000303', fullName: 'Phạm Văn Quyết', dateOfBirth: '1985-06-01' },
];
const [NHUNG, MANH, QUYET] = PERSONS as [RegisterPerson, RegisterPerson, RegisterPerson];
const query = (
  ref: string,
  p: RegisterPerson,
  over: Partial<IdentityQuery> = {},
): IdentityQuery => ({
  ref,
  personalId: p.personalId,
  fullName: p.fullName,
  dateOfBirth: p.dateOfBirth,
  ...over,
});

/**
 * The contract of `IdentityVerifier` (src/shared/ports/identity-verifier.ts), for any adapter:
 * one answer per query with the same refs; verified / mismatch / not-found; the batch limit;
 * an unreachable register is `IdentityServiceUnavailable`; no personal id (nor name, nor date
 * of birth) in what it logs, through its log or the console.
 */
export function identityVerifierConformance(
  name: string,
  makeAdapterWithPersons: MakeIdentityAdapter,
): void {
  describe(`IdentityVerifier conformance: ${name}`, () => {
    let adapter: IdentityAdapterUnderTest;
    let logged: string[];
    let written: string[];
    const restore: Array<() => void> = [];

    beforeEach(async () => {
      logged = [];
      written = [];
      const log: PortLog = {
        warn: (m) => void logged.push(m),
        debug: (m) => void logged.push(m),
      };
      for (const stream of [process.stdout, process.stderr]) {
        const original = stream.write.bind(stream);
        stream.write = ((chunk: unknown, ...rest: unknown[]) => {
          written.push(String(chunk));
          return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
        }) as typeof stream.write;
        restore.push(() => (stream.write = original));
      }
      adapter = await makeAdapterWithPersons(PERSONS, log);
    });
    afterEach(async () => {
      restore.splice(0).forEach((r) => r());
      await adapter.close?.();
    });

    it('names its provider and a positive batch limit', () => {
      expect(adapter.verifier.provider).toMatch(/^[a-z0-9-]+$/);
      expect(Number.isInteger(adapter.verifier.maxBatch) && adapter.verifier.maxBatch > 0).toBe(
        true,
      );
    });

    it('answers each query once, with its ref: verified, mismatch, not-found', async () => {
      const answers = await adapter.verifier.verify([
        query('a', NHUNG),
        query('b', MANH, { fullName: 'Trần Đức Mạnh Hùng' }),
        query('c', QUYET, { dateOfBirth: '1985-06-02' }),
        query('d', NHUNG, { personalId: '022215999999' }),
        query('e', MANH),
      ]);
      expect(Object.fromEntries(answers.map((a) => [a.ref, a.result]))).toEqual({
        a: 'verified',
        b: 'mismatch',
        c: 'mismatch',
        d: 'not-found',
        e: 'verified',
      });
      expect(answers).toHaveLength(5);
    });

    it('takes a name in another Unicode form (NFD) as the same name', async () => {
      const [answer] = await adapter.verifier.verify([
        query('x', NHUNG, { fullName: NHUNG.fullName.normalize('NFD') }),
      ]);
      expect(answer).toEqual({ ref: 'x', result: 'verified' });
    });

    it('answers an empty batch with nothing', async () => {
      expect(await adapter.verifier.verify([])).toEqual([]);
    });

    it('takes a full batch, and refuses a larger one or a ref twice (RangeError)', async () => {
      const max = adapter.verifier.maxBatch;
      const full = Array.from({ length: max }, (_, i) => query(`r${i}`, PERSONS[i % 3]!));
      const answers = await adapter.verifier.verify(full);
      expect(new Set(answers.map((a) => a.ref))).toEqual(new Set(full.map((q) => q.ref)));
      expect(answers.every((a) => a.result === 'verified')).toBe(true);
      await expect(
        adapter.verifier.verify([...full, query('one-more', NHUNG)]),
      ).rejects.toBeInstanceOf(RangeError);
      await expect(
        adapter.verifier.verify([query('same', NHUNG), query('same', MANH)]),
      ).rejects.toBeInstanceOf(RangeError);
    });

    it('throws IdentityServiceUnavailable when the register cannot be reached', async () => {
      await adapter.goUnavailable();
      await expect(adapter.verifier.verify([query('a', NHUNG)])).rejects.toBeInstanceOf(
        IdentityServiceUnavailable,
      );
    });

    it('logs no personal id, name or date of birth, answering or failing', async () => {
      await adapter.verifier.verify(PERSONS.map((p, i) => query(`q${i}`, p)));
      await adapter.goUnavailable();
      await adapter.verifier.verify([query('z', QUYET)]).catch(() => undefined);
      const text = [...logged, ...written].join('\n');
      for (const p of PERSONS)
        for (const v of [p.personalId, p.fullName, p.dateOfBirth]) expect(text).not.toContain(v);
    });
  });
}
