import { statusTransition } from './status-transition';

describe('status decisions on a diploma', () => {
  it.each([
    ['valid', 'revoke', { ok: true, status: 'revoked', bits: { revocation: true } }],
    ['valid', 'suspend', { ok: true, status: 'suspended', bits: { suspension: true } }],
    ['valid', 'reinstate', { ok: false, code: 'entry-not-suspended' }],
    [
      'suspended',
      'revoke',
      { ok: true, status: 'revoked', bits: { revocation: true, suspension: false } },
    ],
    ['suspended', 'suspend', { ok: false, code: 'entry-suspended' }],
    ['suspended', 'reinstate', { ok: true, status: 'valid', bits: { suspension: false } }],
    ['revoked', 'revoke', { ok: false, code: 'entry-revoked' }],
    ['revoked', 'suspend', { ok: false, code: 'entry-revoked' }],
    ['revoked', 'reinstate', { ok: false, code: 'entry-revoked' }],
  ] as const)('%s + %s', (current, action, expected) => {
    expect(statusTransition(current, action)).toEqual(expected);
  });
});
