export type EntryStatus = 'valid' | 'suspended' | 'revoked';
export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

/** The bits of the credential's two status lists after the change (undefined: unchanged). */
export interface StatusBits {
  revocation?: boolean;
  suspension?: boolean;
}

export type Transition =
  | { ok: true; status: EntryStatus; bits: StatusBits }
  | { ok: false; code: 'entry-revoked' | 'entry-suspended' | 'entry-not-suspended' };

/**
 * What a status decision does to a diploma: revocation is final (a revoked diploma is never
 * suspended or reinstated, and a suspended one that is revoked loses its suspension bit, so the
 * status list says "revoked" alone); suspension holds while a case is examined and is lifted by
 * reinstatement.
 */
export function statusTransition(current: EntryStatus, action: StatusAction): Transition {
  if (current === 'revoked') return { ok: false, code: 'entry-revoked' };
  switch (action) {
    case 'revoke':
      return {
        ok: true,
        status: 'revoked',
        bits:
          current === 'suspended' ? { revocation: true, suspension: false } : { revocation: true },
      };
    case 'suspend':
      return current === 'suspended'
        ? { ok: false, code: 'entry-suspended' }
        : { ok: true, status: 'suspended', bits: { suspension: true } };
    case 'reinstate':
      return current === 'suspended'
        ? { ok: true, status: 'valid', bits: { suspension: false } }
        : { ok: false, code: 'entry-not-suspended' };
  }
}
