import { PageQuery } from '@qn/service-kit';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { ORG_UNIT_KINDS } from '@qn/contracts';
import { OrgUnitView } from '../org-unit.view';

export class FindOrgUnitsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ enum: ORG_UNIT_KINDS }) @IsOptional() @IsIn(ORG_UNIT_KINDS) kind?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9-]{2,50}$/) code?: string;
  @ApiPropertyOptional({ description: 'Only units in force on this date (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
}

export class OrgUnitPage {
  items: OrgUnitView[];
  total: number;
}
