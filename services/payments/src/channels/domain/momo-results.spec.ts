import { MOMO_RESULT_CODES, momoResult, MomoResultKind } from './momo-results';

/** MoMo's published list, code by code, with the outcome this service gives it. */
const TABLE: Array<[number, MomoResultKind]> = [
  [0, 'credit'],
  [9000, 'credit'],
  [8000, 'pending'],
  [7000, 'pending'],
  [7002, 'pending'],
  [1000, 'pending'],
  [10, 'pending'],
  [43, 'pending'],
  [11, 'merchantError'],
  [12, 'merchantError'],
  [13, 'merchantError'],
  [20, 'merchantError'],
  [21, 'merchantError'],
  [22, 'merchantError'],
  [40, 'merchantError'],
  [41, 'merchantError'],
  [42, 'merchantError'],
  [45, 'merchantError'],
  [47, 'merchantError'],
  [1080, 'merchantError'],
  [1081, 'merchantError'],
  [1088, 'merchantError'],
  [2019, 'merchantError'],
  [98, 'failed'],
  [99, 'failed'],
  [1001, 'failed'],
  [1002, 'failed'],
  [1003, 'failed'],
  [1004, 'failed'],
  [1005, 'failed'],
  [1006, 'failed'],
  [1007, 'failed'],
  [1017, 'failed'],
  [1026, 'failed'],
  [4001, 'failed'],
  [4002, 'failed'],
  [4100, 'failed'],
];

describe('MoMo result codes', () => {
  it.each(TABLE)('%i → %s', (code, kind) => {
    const result = momoResult(String(code));
    expect(result.kind).toBe(kind);
    expect(result.known).toBe(true);
    if (kind === 'failed') expect(result.reasonVi).toMatch(/[ạảãáàâấầẩậăắằđêếềểệôốồổộơớờởợưứừửựý]/);
    else expect(result.reasonVi).toBeUndefined();
  });

  it('the table covers every code MoMo documents, and nothing else', () => {
    expect(
      Object.keys(MOMO_RESULT_CODES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(TABLE.map(([c]) => c).sort((a, b) => a - b));
    expect(TABLE).toHaveLength(37);
  });

  it.each(['1', '9001', '-1', '', '0.0', ' 0', '00', 'toString', '__proto__', 'constructor'])(
    'an unknown code %j never credits: pending with a warning flag',
    (code) => {
      expect(momoResult(code)).toEqual({
        kind: 'pending',
        meaning: 'unknown result code',
        known: false,
      });
    },
  );
});
