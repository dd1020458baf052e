import { NotFound } from '@qn/contracts';

/** The province has not set up the school year's catalogue. */
export class CatalogueNotFound extends NotFound {
  constructor(detail: string) {
    super('catalogue-not-found', 'No fee catalogue for this school year', detail);
  }
}
