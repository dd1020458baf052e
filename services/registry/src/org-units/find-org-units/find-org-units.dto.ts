import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ORG_UNIT_KINDS } from '@qn/contracts';
import { OrgUnitView } from '../org-unit.view';

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

export class OrgUnitPage {
  items: OrgUnitView[];
  total: number;
}
