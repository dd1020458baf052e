import { Module } from '@nestjs/common';
import { CreateSchoolYearController } from './create-school-year/create-school-year.controller';
import { CreateSchoolYearService } from './create-school-year/create-school-year.service';
import { FindSchoolYearsController } from './find-school-years/find-school-years.controller';
import { FindSchoolYearsService } from './find-school-years/find-school-years.service';
import { SchoolYearRepository } from './school-years.repository';

/** Feature `school-years` (năm học): the years and their terms; one folder per use case. */
@Module({
  controllers: [CreateSchoolYearController, FindSchoolYearsController],
  providers: [SchoolYearRepository, CreateSchoolYearService, FindSchoolYearsService],
})
export class SchoolYearsModule {}
