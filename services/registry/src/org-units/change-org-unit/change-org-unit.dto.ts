import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';

import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { AREA_SEGMENTS, OWNERSHIPS, SCHOOL_LEVELS } from '@qn/contracts';
import type { AreaSegment, Ownership, SchoolLevel } from '@qn/contracts';

/** A dated change of name and/or parent (e.g. a school moved to another commune). */
export class ChangePlaceDto {
  @ApiProperty({ example: '2025-09-05', description: 'First day the new name/parent is in force' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'New parent unit; null only for the province',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class ChangeSchoolDto {
  @ApiPropertyOptional({ enum: SCHOOL_LEVELS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SCHOOL_LEVELS, { each: true })
  levels?: SchoolLevel[];

  @ApiPropertyOptional({ enum: AREA_SEGMENTS })
  @IsOptional()
  @IsIn(AREA_SEGMENTS)
  segment?: AreaSegment;

  @ApiPropertyOptional({ enum: OWNERSHIPS })
  @IsOptional()
  @IsIn(OWNERSHIPS)
  ownership?: Ownership;
}

export class EndOrgUnitDto {
  @ApiProperty({ example: '2025-07-01', description: 'First day the unit no longer exists' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validTo must be a date YYYY-MM-DD' })
  validTo: string;

  @ApiProperty({
    type: [String],
    description: 'Units that take over (e.g. the communes of an abolished district)',
  })
  @IsArray()
  @IsUUID('all', { each: true })
  successorIds: string[];
}
