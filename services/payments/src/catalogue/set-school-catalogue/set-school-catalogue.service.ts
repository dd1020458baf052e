import { Injectable } from '@nestjs/common';
import { InvalidInput } from '@qn/contracts';
import { FieldError } from '../../shared/money-input';
import { SchoolCatalogueBody } from '../catalogue-body';
import { assertSchoolYear, itemToBody, parseItems } from '../catalogue-input';
import { FeeCatalogueRepository } from '../fee-catalogue.repository';

@Injectable()
export class SetSchoolCatalogueService {
  constructor(private readonly catalogues: FeeCatalogueRepository) {}

  /** Stores the school's own items; the answer is the school's catalogue then in effect. */
  async put(schoolYear: string, schoolId: string, body: SchoolCatalogueBody, by: string) {
    assertSchoolYear(schoolYear);
    const errors: FieldError[] = [];
    const items = parseItems(body?.items, errors);
    if (errors.length) throw new InvalidInput(errors);
    const stored = { items: items.map(itemToBody) };
    return this.catalogues.put(schoolYear, schoolId, stored, by, [schoolId]);
  }
}
