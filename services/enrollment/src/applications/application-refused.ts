import { RejectedEventError } from '@qn/messaging';
import { DomainError } from '@qn/contracts';
import type { FieldProblem, TimingProblem } from './domain/application-rules';

/** An application refused by a rule; the same refusal reaches a family as problem+json and a portal as a DLQ entry. */
export class ApplicationRefused extends DomainError {
  constructor(
    status: 404 | 409 | 422,
    slug: string,
    title: string,
    detail: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(status, slug, title, detail, problems.length ? { errors: problems } : {});
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

  toRejectedEvent(): RejectedEventError {
    const fields = this.problems.map((p) => `${p.field} ${p.message}`).join('; ');
    return new RejectedEventError(
      `${this.slug}: ${this.message}${fields && !this.message.includes(fields) ? ` (${fields})` : ''}`,
    );
  }
}

/** A round not open yet, or past its deadline. */
export const timingRefusal = (t: TimingProblem) =>
  t.kind === 'not-open'
    ? new ApplicationRefused(
        409,
        'round-not-open',
        'The round is not open yet',
        `applications open at ${t.opensAt.toISOString()}`,
      )
    : new ApplicationRefused(
        409,
        'deadline-passed',
        'The deadline has passed',
        `applications closed at ${t.closesAt.toISOString()}; nothing is accepted after it`,
      );
