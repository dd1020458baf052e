import { nextStatus } from './transfer-workflow';

describe('transfer workflow', () => {
  it('goes requested → approved → completed', () => {
    expect(nextStatus('requested', 'approve')).toBe('approved');
    expect(nextStatus('approved', 'complete')).toBe('completed');
    expect(nextStatus('requested', 'reject')).toBe('rejected');
  });
  it.each([
    ['requested', 'complete', 'the transfer is requested; it cannot be completed'],
    ['approved', 'approve', 'the transfer is approved; it cannot be approved'],
    ['rejected', 'approve', 'the transfer is rejected; it cannot be approved'],
    ['completed', 'reject', 'the transfer is completed; it cannot be rejected'],
  ] as const)('refuses %s → %s', (from, action, error) => {
    expect(nextStatus(from, action)).toEqual({ error });
  });
});
