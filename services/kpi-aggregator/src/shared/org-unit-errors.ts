import { NotFound, type ProblemExtensions } from '@qn/contracts';

/** An org unit the aggregator's copy of the tree does not hold. */
export class OrgUnitNotFound extends NotFound {
  constructor(
    id: string,
    detail = `no organisation unit with id ${id}`,
    extensions?: ProblemExtensions,
  ) {
    super('org-unit-not-found', 'No such organisation unit', detail, extensions);
  }

  /** Named by a query: the registry may not have published it to the aggregator yet. */
  static notReached(id: string): OrgUnitNotFound {
    return new OrgUnitNotFound(id, `no organisation unit with id ${id} has reached the aggregator`);
  }
}

/** A unit the tree holds, but with no version in force during the period asked about. */
export class OrgUnitNotInPeriod extends NotFound {
  constructor(id: string, periodCode: string) {
    super(
      'org-unit-not-in-period',
      'The organisation unit does not exist in this period',
      `org unit ${id} has no version in force during ${periodCode}`,
    );
  }
}

/** No unit at all yet: the registry has not published the province. */
export class NoOrgTreeYet extends NotFound {
  constructor() {
    super(
      'org-unit-not-found',
      'No organisation tree yet',
      'the registry has not published the province yet',
    );
  }
}
