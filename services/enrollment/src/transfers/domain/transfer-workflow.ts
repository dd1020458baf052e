/** The transfer workflow as a state machine (pure): who may move a transfer from which state to which. */
export type TransferStatus = 'requested' | 'approved' | 'rejected' | 'completed';
export type TransferAction = 'approve' | 'reject' | 'complete';

/** The receiving school approves or rejects; the school the student leaves completes it. */
export const TRANSITIONS: Record<
  TransferAction,
  { from: TransferStatus; to: TransferStatus; by: 'destination' | 'origin' }
> = {
  approve: { from: 'requested', to: 'approved', by: 'destination' },
  reject: { from: 'requested', to: 'rejected', by: 'destination' },
  complete: { from: 'approved', to: 'completed', by: 'origin' },
};

const PAST: Record<TransferAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  complete: 'completed',
};

export function nextStatus(
  current: TransferStatus,
  action: TransferAction,
): TransferStatus | { error: string } {
  const t = TRANSITIONS[action];
  if (current !== t.from)
    return { error: `the transfer is ${current}; it cannot be ${PAST[action]}` };
  return t.to;
}
