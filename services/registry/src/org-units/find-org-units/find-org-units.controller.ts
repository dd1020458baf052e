import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ORG_UNIT_KINDS } from '@qn/contracts';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { OrgUnitRepository } from '../database/org-unit.repository';
import { OrgUnitView } from '../org-unit.view';
import { OrgUnitNotFound } from '../org-unit-errors';

export class FindOrgUnitsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ enum: ORG_UNIT_KINDS }) @IsOptional() @IsIn(ORG_UNIT_KINDS) kind?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9-]{2,50}$/) code?: string;
  @ApiPropertyOptional({ description: 'Only units in force on this date (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
  // Bounded: an integer past PostgreSQL's bigint (1e67 is an "integer" to JavaScript) failed the query.
  @ApiPropertyOptional({ default: 0, maximum: 1_000_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset = 0;
}

class OrgUnitPage {
  items: OrgUnitView[];
  total: number;
}

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
  constructor(private readonly units: OrgUnitRepository) {}

  @Get()
  @ApiOkResponse({ type: OrgUnitPage })
  async list(@Query() q: FindOrgUnitsQuery): Promise<OrgUnitPage> {
    const { items, total } = await this.units.list(q);
    return { items: items.map(OrgUnitView.of), total };
  }

  @Get(':id')
  @ApiOkResponse({ type: OrgUnitView })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrgUnitView> {
    const unit = await this.units.findById(id);
    if (!unit) throw new OrgUnitNotFound(id);
    return OrgUnitView.of(unit);
  }
}
