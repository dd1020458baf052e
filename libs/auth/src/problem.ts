import {
  ForbiddenException,
  HttpException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';

/** RFC 9457 problem details, the error body shape used across the platform's HTTP APIs. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
}

export function problem(status: number, title: string, detail: string): ProblemDetails {
  // `about:blank`: the status and title say it all; no problem-type catalogue to maintain.
  return { type: 'about:blank', title, status, detail };
}

export function unauthorizedProblem(detail: string): HttpException {
  return new UnauthorizedException(problem(401, 'Unauthorized', detail));
}

export function forbiddenProblem(detail: string): HttpException {
  return new ForbiddenException(problem(403, 'Forbidden', detail));
}

export function serviceUnavailableProblem(detail: string): HttpException {
  return new ServiceUnavailableException(problem(503, 'Service Unavailable', detail));
}
