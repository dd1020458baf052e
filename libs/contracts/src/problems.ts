/**
 * The platform's HTTP error contract (RFC 9457 problem details) and the typed domain errors that
 * produce it. Plain classes with no framework import, so domain and application code throws them
 * and one exception filter (libs/service-kit `ProblemDetailsFilter`) turns them into
 * `application/problem+json`. A problem's `type` URI, title and fields are part of the API.
 */

/** Where every problem type URI of the platform starts; the slug follows (`.../deadline-passed`). */
export const PROBLEM_BASE = 'https://errors.edu.quangninh.gov.vn/';

/** One failing field of a request: JSON pointer-like path and what is wrong. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, with `errors` listing failing fields where there are any. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Members a problem adds after `detail`: `errors`, or e.g. `retryAfterSeconds`, `generation`. */
export type ProblemExtensions = { errors?: FieldError[] } & Record<string, unknown>;

/** `a must be x; b must be y`: the detail of a problem that lists its fields. */
export function fieldsDetail(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}

/**
 * A refusal the domain decided, with a stable problem type. Subclass one of the kinds below
 * (or use it directly) rather than this class: the kind fixes the HTTP status.
 */
export abstract class DomainError extends Error {
  /** The problem type URI: {@link PROBLEM_BASE} + slug. */
  readonly type: string;

  protected constructor(
    readonly status: number,
    /** Stable identifier of the problem, e.g. `offer-not-found`. */
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: ProblemExtensions = {},
  ) {
    super(detail ?? title);
    this.name = new.target.name;
    this.type = `${PROBLEM_BASE}${slug}`;
  }

  /** The failing fields, if the problem names any. */
  get errors(): FieldError[] | undefined {
    return this.extensions.errors;
  }

  /** The problem+json body (without `instance`, which the request gives). */
  toProblem(): ProblemDetails {
    // Key order is the wire order: type, title, status, detail, then the extensions.
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...this.extensions,
    };
  }
}

/** 400: the request is malformed in a way the validation pipe cannot see (a query, a CSV). */
export class InvalidInput extends DomainError {
  constructor(errors: FieldError[], detail: string = fieldsDetail(errors)) {
    super(400, 'validation', 'The request is not valid', detail, { errors });
  }

  /** One failing field: `field message` is the detail. */
  static of(field: string, message: string): InvalidInput {
    return new InvalidInput([{ field, message }]);
  }
}

/**
 * 403: the caller may use the route but not on this thing (a school it does not belong to).
 * Records outside the caller's scope answer as not found instead (libs/auth `AccessContext`).
 */
export class OutOfScope extends DomainError {
  constructor(slug: string, title: string, detail?: string, extensions?: ProblemExtensions) {
    super(403, slug, title, detail, extensions);
  }
}

/** 404: no such record. */
export class NotFound extends DomainError {
  constructor(slug: string, title: string, detail?: string, extensions?: ProblemExtensions) {
    super(404, slug, title, detail, extensions);
  }
}

/** 409: the request conflicts with the record as it is now (its state, a unique name). */
export class Conflict extends DomainError {
  constructor(slug: string, title: string, detail?: string, extensions?: ProblemExtensions) {
    super(409, slug, title, detail, extensions);
  }
}

/** 415: the body is not in the media type the operation reads. */
export class UnsupportedMediaType extends DomainError {
  constructor(slug: string, title: string, detail?: string) {
    super(415, slug, title, detail);
  }
}

/** 422: the request is well formed but breaks a business rule; `errors` names the fields. */
export class RuleViolation extends DomainError {
  constructor(slug: string, title: string, detail?: string, extensions?: ProblemExtensions) {
    super(422, slug, title, detail, extensions);
  }

  /** A rule violation naming its fields, the detail listing them (`a must be x; b …`). */
  static ofFields(slug: string, title: string, errors: FieldError[]): RuleViolation {
    return new RuleViolation(slug, title, fieldsDetail(errors), { errors });
  }
}

/** 503: the service cannot answer yet or now; `retryAfterSeconds` becomes `Retry-After`. */
export class Unavailable extends DomainError {
  constructor(slug: string, title: string, detail?: string, extensions?: ProblemExtensions) {
    super(503, slug, title, detail, extensions);
  }
}
