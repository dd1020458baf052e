import { Conflict, NotFound } from '@qn/contracts';

/** Admission round (kỳ tuyển sinh) errors, shared by the round's use cases. */
export class RoundNotFound extends NotFound {
  constructor(id: string) {
    super('round-not-found', 'No such admission round', `no admission round with id ${id}`);
  }
}

/** The round's results are out: what they were computed from can no longer change. */
export class RoundPublished extends Conflict {
  constructor(detail: string) {
    super('round-published', 'The round is published', detail);
  }
}
