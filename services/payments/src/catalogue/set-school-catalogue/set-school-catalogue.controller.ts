import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { SchoolCatalogueBody } from '../catalogue-body';
import { SetSchoolCatalogueService } from './set-school-catalogue.service';

@ApiTags('fee catalogue')
@ApiBearerAuth()
@Controller('fee-catalogues')
export class SetSchoolCatalogueController {
  constructor(private readonly service: SetSchoolCatalogueService) {}

  /** A school sets its own service fees (NQ 34/2021) for the year. */
  @Put(':schoolYear/schools/:schoolId')
  @Policy({
    action: 'update',
    resource: 'school-fee-catalogue',
    users: { province: Reach.All, principal: Reach.Unit, 'school-staff': Reach.Unit },
    target: { orgUnitParam: 'schoolId' },
  })
  @Idempotent()
  async putSchool(
    @Param('schoolYear') schoolYear: string,
    @Param('schoolId') schoolId: string,
    @Body() body: SchoolCatalogueBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.put(schoolYear, schoolId, body, p.subject);
  }
}
