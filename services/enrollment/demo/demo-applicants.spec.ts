import { checkPersonalId } from '@qn/privacy';
import { demoApplicants } from './demo-applicants';

describe('demo applicants', () => {
  it('are reproducible, unique, NFC and pass the personal id rules for their birth date', () => {
    const a = demoApplicants(500, 2020, 7);
    expect(demoApplicants(500, 2020, 7)).toEqual(a);
    expect(new Set(a.map((x) => x.personalId)).size).toBe(500);
    for (const x of a) {
      expect(checkPersonalId(x.personalId, x.dateOfBirth)).toEqual({ ok: true });
      expect(x.fullName).toBe(x.fullName.normalize('NFC'));
    }
  });
});
