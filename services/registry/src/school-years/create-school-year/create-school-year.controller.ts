import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { CreateSchoolYearDto } from './create-school-year.dto';
import { CreateSchoolYearService } from './create-school-year.service';

/** Master data is kept by the department (province role). */
@ApiTags('school-years')
@ApiBearerAuth()
@Controller('school-years')
export class CreateSchoolYearController {
  constructor(private readonly service: CreateSchoolYearService) {}

  @Post()
  @Idempotent({ required: false })
  @Policy({ action: 'create', resource: 'school-year', users: { province: Reach.All } })
  create(@Body() dto: CreateSchoolYearDto) {
    return this.service.create(dto);
  }
}
