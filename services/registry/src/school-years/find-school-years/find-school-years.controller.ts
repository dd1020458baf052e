import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { FindSchoolYearsService } from './find-school-years.service';

/** Reads of master data: any signed-in user, and integration clients with the master-data scope. */
@ApiTags('school-years')
@ApiBearerAuth()
@Controller('school-years')
export class FindSchoolYearsController {
  constructor(private readonly service: FindSchoolYearsService) {}

  @Get()
  @Policy({
    action: 'list',
    resource: 'school-year',
    users: everyone(),
    clients: { [ClientScope.MasterDataRead]: Reach.All },
  })
  list() {
    return this.service.list();
  }
}
