import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { AREA_SEGMENTS, ORG_UNIT_KINDS, OWNERSHIPS, SCHOOL_LEVELS } from '@qn/contracts';
import type { AreaSegment, OrgUnitKind, Ownership, SchoolLevel } from '@qn/contracts';

export class SchoolAttributesDto {
  @ApiProperty({ enum: SCHOOL_LEVELS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SCHOOL_LEVELS, { each: true })
  levels: SchoolLevel[];

  @ApiProperty({ enum: AREA_SEGMENTS })
  @IsIn(AREA_SEGMENTS)
  segment: AreaSegment;

  @ApiProperty({ enum: OWNERSHIPS })
  @IsIn(OWNERSHIPS)
  ownership: Ownership;
}

export class CreateOrgUnitDto {
  @ApiProperty({
    example: 'QN-S-THPT-0001',
    description: 'Stable unique code (letters, digits, dashes)',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,49}$/, {
    message: 'code must be 2-50 letters, digits or dashes',
  })
  code: string;

  @ApiProperty({ enum: ORG_UNIT_KINDS })
  @IsIn(ORG_UNIT_KINDS)
  kind: OrgUnitKind;

  @ApiProperty({ example: 'Trường THPT Hòn Gai' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiProperty({ example: '2025-07-01' })
  @IsISO8601({ strict: true }, { message: 'validFrom must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validFrom must be a date YYYY-MM-DD' })
  validFrom: string;

  @ApiPropertyOptional({ type: SchoolAttributesDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SchoolAttributesDto)
  school?: SchoolAttributesDto | null;
}
