import { purposeOf } from './access-log';

describe('access log purpose', () => {
  const policy = { action: 'read', resource: 'invoice', users: { province: 'all' as const } };
  it('takes the declared purpose, percent-decoded, NFC, without control characters, bounded', () => {
    expect(purposeOf(encodeURIComponent('Đối soát học phí'), policy)).toBe('Đối soát học phí');
    expect(purposeOf('Tra cu\u0301\u0000\n', policy)).toBe('Tra cú');
    expect(purposeOf('x'.repeat(500), policy)).toHaveLength(200);
    expect(purposeOf('%E0%A4%A', policy)).toBe('%E0%A4%A');
  });
  it('falls back to what the route does', () => {
    expect(purposeOf(undefined, policy)).toBe('read invoice');
    expect(purposeOf('   ', policy)).toBe('read invoice');
  });
});
