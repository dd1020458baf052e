import { Body, Controller, Param, ParseUUIDPipe, Patch, Post, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { ChangePlaceDto, ChangeSchoolDto, EndOrgUnitDto } from './change-org-unit.dto';
import { ChangeOrgUnitService } from './change-org-unit.service';
import { OrgUnitView } from '../org-unit.view';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units/:id')
@Policy({ action: 'update', resource: 'org-unit', users: { province: Reach.All } })
export class ChangeOrgUnitController {
  constructor(private readonly service: ChangeOrgUnitService) {}

  /** Rename and/or move under another parent from a date; earlier periods keep the old place. */
  @Post('place-changes')
  @Idempotent({ required: false })
  @HttpCode(200)
  @ApiOkResponse({ type: OrgUnitView })
  async changePlace(
    @Param('id', uuid) id: string,
    @Body() dto: ChangePlaceDto,
  ): Promise<OrgUnitView> {
    return this.service.changePlace(id, dto);
  }

  @Patch('school')
  @Idempotent({ required: false })
  @ApiOkResponse({ type: OrgUnitView })
  async changeSchool(
    @Param('id', uuid) id: string,
    @Body() dto: ChangeSchoolDto,
  ): Promise<OrgUnitView> {
    return this.service.changeSchool(id, dto);
  }

  /** End a unit (e.g. a district abolished on 2025-07-01) naming its successors. */
  @Post('end')
  @Idempotent({ required: false })
  @HttpCode(200)
  @ApiOkResponse({ type: OrgUnitView })
  async end(@Param('id', uuid) id: string, @Body() dto: EndOrgUnitDto): Promise<OrgUnitView> {
    return this.service.end(id, dto);
  }
}
