import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { ImportOrgUnitsDto, ImportOrgUnitsResultDto } from './import-org-units.dto';
import { ImportOrgUnitsService } from './import-org-units.service';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class ImportOrgUnitsController {
  constructor(private readonly service: ImportOrgUnitsService) {}

  /**
   * Many units at once (up to 2,000; parents and successors by code, in any order), each with
   * its history; all or nothing. Re-sending the same batch changes nothing. The same policy as
   * creating one unit: master data is kept by the department.
   */
  @Post('batch')
  @Idempotent({ required: false })
  @HttpCode(200)
  @Policy({ action: 'create', resource: 'org-unit', users: { province: Reach.All } })
  @ApiOkResponse({ type: ImportOrgUnitsResultDto })
  async import(@Body() dto: ImportOrgUnitsDto): Promise<ImportOrgUnitsResultDto> {
    return this.service.import(dto);
  }
}
