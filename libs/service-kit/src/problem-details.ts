import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  DomainError,
  EventValidationError,
  InvalidInput,
  PROBLEM_BASE,
  type FieldError,
  type ProblemDetails,
} from '@qn/contracts';

// The problem types and the typed domain errors live in libs/contracts, framework-free, so domain
// code can throw them; re-exported here for the HTTP side.
export { PROBLEM_BASE, type FieldError, type ProblemDetails } from '@qn/contracts';

/**
 * A problem raised by the HTTP infrastructure itself (guards, the idempotency interceptor), where
 * Nest's own exception type fits. Controllers and application services throw the typed domain
 * errors of `@qn/contracts` (`NotFound`, `Conflict`, `RuleViolation`, …) instead.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super({ type: `${PROBLEM_BASE}${slug}`, title, status, detail, ...extensions }, status);
  }
}

/** The status an error answers with: a domain error's or an HttpException's; anything else is 500. */
export function statusOf(err: unknown): number {
  if (err instanceof DomainError) return err.status;
  if (err instanceof HttpException) return err.getStatus();
  return 500;
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The detail of the validation problem when the request's checks (pipe, body guard) list the fields. */
export const INVALID_FIELDS = 'One or more fields are invalid.';

/** ValidationPipe whose failures become problem+json with every failing field. */
export function problemValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInput(flatten(errors), INVALID_FIELDS),
  });
}

/** Turns every error into `application/problem+json`; unexpected errors are logged, not leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl ?? req.url;
    if (problem.status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    // A problem that says when to come back (rate limit, busy queue) says it in the header too.
    if (typeof problem.retryAfterSeconds === 'number' && !res.getHeader('Retry-After')) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(problem.retryAfterSeconds))));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) return exception.toProblem();
    if (exception instanceof EventValidationError) {
      return {
        type: `${PROBLEM_BASE}invalid-event`,
        title: 'The event does not match its contract',
        status: 422,
        detail: exception.message,
        errors: exception.issues.map((i) => ({ field: i.path, message: i.message })),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body)
        return { ...(body as ProblemDetails), status };
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: string | string[] }).message ?? exception.message);
      return {
        type: 'about:blank',
        title: HttpStatus[status]
          ? HttpStatus[status]
              .toLowerCase()
              .replace(/_/g, ' ')
              .replace(/^./, (c) => c.toUpperCase())
          : 'Error',
        status,
        detail: Array.isArray(message) ? message.join('; ') : message,
      };
    }
    return {
      type: 'about:blank',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    };
  }
}
