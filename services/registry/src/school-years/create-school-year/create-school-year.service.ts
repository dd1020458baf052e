import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, RuleViolation } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import {
  checkSchoolYear,
  newSchoolYear,
  SchoolYear,
  schoolYearChanged,
} from '../domain/school-year';
import { SchoolYearRepository } from '../school-years.repository';
import { CreateSchoolYearDto } from './create-school-year.dto';

/** Checks a new school year, stores it and publishes it (same transaction, through the outbox). */
@Injectable()
export class CreateSchoolYearService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly years: SchoolYearRepository,
    private readonly messaging: MessagingService,
  ) {}

  async create(dto: CreateSchoolYearDto): Promise<SchoolYear> {
    const errors = checkSchoolYear(dto);
    if (errors.length)
      throw RuleViolation.ofFields('school-year-rule', 'The school year is not consistent', errors);
    return idempotentTransaction(this.ds, async (tx) => {
      const year = newSchoolYear(uuidv7(), dto);
      if (!(await this.years.insert(year, tx)))
        throw new Conflict(
          'duplicate-school-year',
          'This school year exists',
          `school year ${dto.code} is already defined`,
          { errors: [{ field: 'code', message: 'already in use' }] },
        );
      await this.messaging.outbox.enqueue(tx, schoolYearChanged(year));
      return year;
    });
  }
}
