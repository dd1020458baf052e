import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { ProblemException } from '../problem-details';
import { countRedisFallback } from '../redis';

export interface RateLimitSettings {
  /** Requests per client per route per window. */
  limit: number;
  windowSeconds: number;
  /** Redis key prefix: service and deployment (TOPIC_PREFIX), so test runs do not share counters. */
  keyPrefix: string;
}

/** Routes never limited: probes and scrapes come from the platform itself. */
const UNLIMITED = /^\/(health|metrics)(\/|$|\?)/;

/**
 * Rate limit per client and per route, counted in Redis (@nestjs/throttler with its Redis
 * storage), so every replica of a service shares the counters. A client is the token's subject
 * when the request carries a verified token (the guard runs after authentication), else the
 * caller's IP address. Over the limit: 429 problem+json with Retry-After (seconds).
 * Fail-open: when Redis fails or does not answer within REDIS_COMMAND_TIMEOUT_MS, requests are
 * let through (logged once a minute, counted in qn_redis_fallback_total{purpose="rate-limit"}).
 * The limit spreads load fairly; it guards no secret (no route here checks a password, and
 * tokens are verified by signature), so an outage of the limiter must not become an outage of
 * the API.
 */
export class RateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');
  private lastFailureLog = 0;

  constructor(
    private readonly settings: RateLimitSettings,
    storage: ThrottlerStorage,
    reflector: Reflector,
  ) {
    super(
      { throttlers: [{ limit: settings.limit, ttl: settings.windowSeconds * 1000 }] },
      storage,
      reflector,
    );
    // Built by hand, not by Nest: onModuleInit (which reads the throttlers) would not be called.
    // It does its work before its first await, so the guard is ready on return.
    void this.onModuleInit();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof ProblemException || error instanceof ThrottlerException) throw error;
      countRedisFallback('rate-limit');
      const now = Date.now();
      if (now - this.lastFailureLog > 60_000) {
        this.lastFailureLog = now;
        this.log.warn(`rate limit not applied: ${(error as Error).message}`);
      }
      return true;
    }
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{ url?: string }>();
    return UNLIMITED.test(req.url ?? '');
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req['principal'] as { subject?: string } | undefined;
    if (principal?.subject) return `sub:${principal.subject}`;
    return `ip:${String(req['ip'] ?? 'unknown')}`;
  }

  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    // Hashed: the subject is a person's account id, which has no business in a Redis key name.
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const digest = createHash('sha256').update(`${route}\n${name}\n${tracker}`).digest('hex');
    return `${this.settings.keyPrefix}${digest.slice(0, 40)}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new ProblemException(
      429,
      'rate-limited',
      'Too many requests',
      `At most ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s to this operation; retry after ${detail.timeToBlockExpire} s.`,
      { retryAfterSeconds: detail.timeToBlockExpire },
    );
  }
}
