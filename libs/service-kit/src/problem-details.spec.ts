import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { IsString } from 'class-validator';
import {
  Conflict,
  DomainError,
  InvalidInput,
  NotFound,
  OutOfScope,
  RuleViolation,
  Unavailable,
  UnsupportedMediaType,
} from '@qn/contracts';
import {
  ProblemDetailsFilter,
  ProblemException,
  problemValidationPipe,
  statusOf,
} from './problem-details';

interface Answer {
  status: number;
  type: string;
  body: string;
  headers: Record<string, string>;
}

/** Runs the filter on one error as if it ended a request to `url`. */
function answer(error: unknown, url = '/things/42'): Answer {
  const out: Answer = { status: 0, type: '', body: '', headers: {} };
  const res = {
    getHeader: (name: string) => out.headers[name],
    setHeader: (name: string, value: string) => (out.headers[name] = value),
    status(code: number) {
      out.status = code;
      return this;
    },
    type(t: string) {
      out.type = t;
      return this;
    },
    send(body: string) {
      out.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ originalUrl: url }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return out;
}

class ThingNotFound extends NotFound {
  constructor(id: string) {
    super('thing-not-found', 'No such thing', `no thing with id ${id}`);
  }
}

/** A domain error whose status depends on the refusal, as a service may declare one. */
class Refused extends DomainError {
  constructor(code: 'missing' | 'state') {
    super(code === 'missing' ? 404 : 409, `ledger-${code}`, 'The ledger refused this', code);
  }
}

describe('ProblemDetailsFilter: typed domain errors', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  // Each typed error answers exactly (bytes, status, media type) what the same problem built as
  // a ProblemException answers: the wire format did not change when services moved to them.
  it.each<[string, DomainError, ProblemException]>([
    [
      'a subclass of NotFound',
      new ThingNotFound('42'),
      new ProblemException(404, 'thing-not-found', 'No such thing', 'no thing with id 42'),
    ],
    [
      'a Conflict with fields',
      new Conflict('duplicate-round', 'This round exists', 'a round with this name exists', {
        errors: [{ field: 'name', message: 'already in use' }],
      }),
      new ProblemException(
        409,
        'duplicate-round',
        'This round exists',
        'a round with this name exists',
        {
          errors: [{ field: 'name', message: 'already in use' }],
        },
      ),
    ],
    [
      'a RuleViolation listing its fields in the detail',
      RuleViolation.ofFields('round-rule', 'The round is not consistent', [
        { field: 'closesAt', message: 'must be after opensAt' },
        { field: 'grade', message: 'must be 1, 6 or 10' },
      ]),
      new ProblemException(
        422,
        'round-rule',
        'The round is not consistent',
        'closesAt must be after opensAt; grade must be 1, 6 or 10',
        {
          errors: [
            { field: 'closesAt', message: 'must be after opensAt' },
            { field: 'grade', message: 'must be 1, 6 or 10' },
          ],
        },
      ),
    ],
    [
      'an InvalidInput (the validation problem)',
      InvalidInput.of('asOf', 'must be a date YYYY-MM-DD'),
      new ProblemException(
        400,
        'validation',
        'The request is not valid',
        'asOf must be a date YYYY-MM-DD',
        { errors: [{ field: 'asOf', message: 'must be a date YYYY-MM-DD' }] },
      ),
    ],
    [
      'an OutOfScope',
      new OutOfScope('forbidden', 'Forbidden', 'not your school'),
      new ProblemException(403, 'forbidden', 'Forbidden', 'not your school'),
    ],
    [
      'an UnsupportedMediaType',
      new UnsupportedMediaType('csv-expected', 'Send text/csv', 'Content-Type must be text/csv'),
      new ProblemException(415, 'csv-expected', 'Send text/csv', 'Content-Type must be text/csv'),
    ],
    [
      'a problem without a detail',
      new Conflict('invoice-cancelled', 'The invoice is already cancelled'),
      new ProblemException(409, 'invoice-cancelled', 'The invoice is already cancelled', undefined),
    ],
    [
      'a DomainError subclass choosing its status',
      new Refused('missing'),
      new ProblemException(404, 'ledger-missing', 'The ledger refused this', 'missing'),
    ],
  ])('answers %s as the same problem+json as before', (_, typed, legacy) => {
    const got = answer(typed);
    expect(got).toEqual(answer(legacy));
    expect(got.type).toBe('application/problem+json');
  });

  it('writes the RFC 9457 members in order, the instance last', () => {
    const got = answer(
      new Conflict('duplicate-school-year', 'This school year exists', 'school year 2025-2026', {
        errors: [{ field: 'code', message: 'already in use' }],
      }),
      '/school-years',
    );
    expect(got.status).toBe(409);
    expect(got.body).toBe(
      '{"type":"https://errors.edu.quangninh.gov.vn/duplicate-school-year","title":"This school year exists","status":409,"detail":"school year 2025-2026","errors":[{"field":"code","message":"already in use"}],"instance":"/school-years"}',
    );
  });

  it('says when to come back in Retry-After for an Unavailable with retryAfterSeconds', () => {
    const got = answer(
      new Unavailable('reports-busy', 'Reports are busy', 'try again shortly', {
        retryAfterSeconds: 5,
      }),
    );
    expect(got.status).toBe(503);
    expect(got.headers['Retry-After']).toBe('5');
    expect(JSON.parse(got.body)).toMatchObject({ retryAfterSeconds: 5, status: 503 });
  });

  it('keeps HttpExceptions and unexpected errors as they were', () => {
    expect(JSON.parse(answer(new NotFoundException('gone')).body)).toEqual({
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: 'gone',
      instance: '/things/42',
    });
    const crash = answer(new Error('secret /srv/app/internal.ts'));
    expect(crash.status).toBe(500);
    expect(crash.body).not.toContain('secret');
  });

  it("answers the validation pipe's failures as the validation problem it always was", async () => {
    class Dto {
      @IsString()
      name!: string;
    }
    const refused: unknown = await problemValidationPipe()
      .transform({ name: 1 }, { type: 'body', metatype: Dto })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect(answer(refused)).toEqual(
      answer(
        new BadRequestException({
          type: 'https://errors.edu.quangninh.gov.vn/validation',
          title: 'The request is not valid',
          status: 400,
          detail: 'One or more fields are invalid.',
          errors: [{ field: 'name', message: 'name must be a string' }],
        }),
      ),
    );
  });

  it('gives the status of a domain error, an HttpException, or 500 (statusOf)', () => {
    expect(statusOf(new ThingNotFound('1'))).toBe(404);
    expect(statusOf(new Refused('state'))).toBe(409);
    expect(statusOf(new ProblemException(429, 'rate-limited', 'Too many requests'))).toBe(429);
    expect(statusOf(new Error('boom'))).toBe(500);
  });

  it('names the error by its class and keeps the detail as its message', () => {
    const e = new ThingNotFound('7');
    expect(e).toBeInstanceOf(NotFound);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ThingNotFound');
    expect(e.message).toBe('no thing with id 7');
    expect(e.type).toBe('https://errors.edu.quangninh.gov.vn/thing-not-found');
  });
});
