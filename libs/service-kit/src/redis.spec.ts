import { redisKey } from './redis';

describe('redisKey', () => {
  it('names keys <purpose>:<TOPIC_PREFIX><service>:<id>, apart per deployment', () => {
    expect(redisKey({ TOPIC_PREFIX: 'qn-prod.', service: 'enrollment' }, 'idem', 'abc')).toBe(
      'idem:qn-prod.enrollment:abc',
    );
    expect(redisKey({ TOPIC_PREFIX: '', service: 'payments' }, 'seen', 'vnpay:1')).toBe(
      'seen:payments:vnpay:1',
    );
    // The rate limiter's prefix: the guard appends its own hash.
    expect(redisKey({ service: 'registry' }, 'ratelimit')).toBe('ratelimit:registry:');
  });
});
