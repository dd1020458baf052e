import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { CreateOrgUnitDto } from './create-org-unit.dto';
import { CreateOrgUnitService } from './create-org-unit.service';
import { OrgUnitView } from '../org-unit.view';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class CreateOrgUnitController {
  constructor(private readonly service: CreateOrgUnitService) {}

  /** Master data is kept by the department (province role). */
  @Post()
  @Idempotent({ required: false })
  @Policy({ action: 'create', resource: 'org-unit', users: { province: Reach.All } })
  @ApiCreatedResponse({ type: OrgUnitView })
  async create(@Body() dto: CreateOrgUnitDto): Promise<OrgUnitView> {
    return this.service.create(dto);
  }
}
