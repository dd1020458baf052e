import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { OrgUnitView } from '../org-unit.view';
import { FindOrgUnitsQuery, OrgUnitPage } from './find-org-units.dto';
import { FindOrgUnitsService } from './find-org-units.service';

/** Reads of master data: any signed-in user, and integration clients with the master-data scope. */
@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
@Policy({
  action: 'read',
  resource: 'org-unit',
  users: everyone(),
  clients: { [ClientScope.MasterDataRead]: Reach.All },
})
export class FindOrgUnitsController {
  constructor(private readonly service: FindOrgUnitsService) {}

  @Get()
  @ApiOkResponse({ type: OrgUnitPage })
  list(@Query() q: FindOrgUnitsQuery): Promise<OrgUnitPage> {
    return this.service.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrgUnitView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrgUnitView> {
    return this.service.get(id);
  }
}
