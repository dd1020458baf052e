import { RejectedEventError } from '@qn/messaging';
import { ProblemException } from '@qn/service-kit';
import type { FieldProblem } from './domain/application-rules';

/** An application refused by a rule; the same refusal reaches a family as problem+json and a portal as a DLQ entry. */
export class ApplicationRefused extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(detail);
    this.name = 'ApplicationRefused';
  }

  /** The rules' problems with an application (422, each field named). */
  static invalid(problems: FieldProblem[]): ApplicationRefused {
    return new ApplicationRefused(
      422,
      'application-invalid',
      'The application is not valid',
      problems.map((p) => `${p.field} ${p.message}`).join('; '),
      problems,
    );
  }

  toProblem(): ProblemException {
    return new ProblemException(
      this.status,
      this.slug,
      this.title,
      this.message,
      this.problems.length ? { errors: this.problems } : {},
    );
  }

  toRejectedEvent(): RejectedEventError {
    const fields = this.problems.map((p) => `${p.field} ${p.message}`).join('; ');
    return new RejectedEventError(
      `${this.slug}: ${this.message}${fields && !this.message.includes(fields) ? ` (${fields})` : ''}`,
    );
  }
}

export function asProblem(err: unknown): unknown {
  return err instanceof ApplicationRefused ? err.toProblem() : err;
}
