import { Injectable } from '@nestjs/common';
import { SchoolYear } from '../domain/school-year';
import { SchoolYearRepository } from '../school-years.repository';

/** Reads of the school years. */
@Injectable()
export class FindSchoolYearsService {
  constructor(private readonly years: SchoolYearRepository) {}

  list(): Promise<SchoolYear[]> {
    return this.years.list();
  }
}
