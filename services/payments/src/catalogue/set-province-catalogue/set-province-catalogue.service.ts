import { Injectable } from '@nestjs/common';
import { ProvinceCatalogueBody } from '../catalogue-body';
import { assertSchoolYear, parseProvinceBody, toProvinceBody } from '../catalogue-input';
import { FeeCatalogueRepository } from '../fee-catalogue.repository';

@Injectable()
export class SetProvinceCatalogueService {
  constructor(private readonly catalogues: FeeCatalogueRepository) {}

  /** Stores the province's revision; the answer is the catalogue then in effect. */
  async put(schoolYear: string, body: ProvinceCatalogueBody, by: string) {
    assertSchoolYear(schoolYear);
    const c = parseProvinceBody(schoolYear, body);
    return this.catalogues.put(schoolYear, 'province', toProvinceBody(c), by, []);
  }
}
