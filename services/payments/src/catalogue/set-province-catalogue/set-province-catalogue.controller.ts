import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { ProvinceCatalogueBody } from '../catalogue-body';
import { SetProvinceCatalogueService } from './set-province-catalogue.service';

@ApiTags('fee catalogue')
@ApiBearerAuth()
@Controller('fee-catalogues')
export class SetProvinceCatalogueController {
  constructor(private readonly service: SetProvinceCatalogueService) {}

  /** The province sets calendar, tuition by level and area, and province-wide fees (amounts: integer VND strings). */
  @Put(':schoolYear')
  @Policy({ action: 'update', resource: 'fee-catalogue', users: { province: Reach.All } })
  @Idempotent()
  putProvince(
    @Param('schoolYear') schoolYear: string,
    @Body() body: ProvinceCatalogueBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.put(schoolYear, body, p.subject);
  }
}
