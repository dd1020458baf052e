import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AccessLogQuery, purposeOf } from './access-log';

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

describe('the access log query', () => {
  const errorsOf = async (q: Record<string, unknown>) =>
    (await validate(plainToInstance(AccessLogQuery, q))).map((e) => e.property);

  it('takes real days and times for from and to', async () => {
    expect(await errorsOf({ from: '2024-02-29', to: '2025-12-31T23:59:59Z' })).toEqual([]);
  });

  it('refuses a day that does not exist (answered 400, never a database error)', async () => {
    expect(await errorsOf({ from: '2006-08-27', to: '2025-02-29' })).toEqual(['to']);
    expect(await errorsOf({ from: '2025-13-01' })).toEqual(['from']);
  });
});
