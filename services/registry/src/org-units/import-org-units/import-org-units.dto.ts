import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ORG_UNIT_KINDS } from '@qn/contracts';
import type { OrgUnitKind } from '@qn/contracts';
import { SchoolAttributesDto } from '../create-org-unit/create-org-unit.dto';
import { MAX_BATCH_ITEMS } from '../domain/org-unit-batch';

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{1,49}$/;
const CODE_MESSAGE = 'must be a code of 2-50 letters, digits or dashes';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BatchPlaceChangeDto {
  @ApiProperty({ example: '2025-07-01' })
  @IsISO8601({ strict: true }, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  @Matches(DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Code of the new parent (in the batch or the registry)' })
  @IsOptional()
  @Matches(CODE, { message: `parentCode ${CODE_MESSAGE}` })
  parentCode?: string;
}

export class BatchEndDto {
  @ApiProperty({ example: '2025-07-01', description: 'Exclusive end date' })
  @IsISO8601({ strict: true }, { message: 'validTo must be a date YYYY-MM-DD' })
  @Matches(DATE, { message: 'validTo must be a date YYYY-MM-DD' })
  validTo: string;

  @ApiProperty({ type: [String], description: 'Codes of the units that take over' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODE, { each: true, message: `each successor ${CODE_MESSAGE}` })
  successorCodes: string[];
}

/** One unit of a batch: as POST /org-units, with codes for references, and optionally its history. */
export class OrgUnitBatchItemDto {
  @ApiProperty({ example: 'QN-S-THPT-0001' })
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ enum: ORG_UNIT_KINDS })
  @IsIn(ORG_UNIT_KINDS)
  kind: OrgUnitKind;

  @ApiProperty({ example: 'Trường THPT Hòn Gai' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'Code of the parent when the unit starts: an item of the batch (any position) or a unit of the registry',
  })
  @IsOptional()
  @Matches(CODE, { message: `parentCode ${CODE_MESSAGE}` })
  parentCode?: string | null;

  @ApiProperty({ example: '2025-07-01' })
  @IsISO8601({ strict: true }, { message: 'validFrom must be a date YYYY-MM-DD' })
  @Matches(DATE, { message: 'validFrom must be a date YYYY-MM-DD' })
  validFrom: string;

  @ApiPropertyOptional({ type: SchoolAttributesDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SchoolAttributesDto)
  school?: SchoolAttributesDto | null;

  @ApiPropertyOptional({
    type: [BatchPlaceChangeDto],
    description: 'Later renames and moves, as POST /org-units/:id/place-changes',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BatchPlaceChangeDto)
  placeChanges?: BatchPlaceChangeDto[];

  @ApiPropertyOptional({
    type: BatchEndDto,
    description: 'The end of the unit, as POST /org-units/:id/end',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => BatchEndDto)
  end?: BatchEndDto;
}

export class ImportOrgUnitsDto {
  @ApiProperty({ type: [OrgUnitBatchItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `items must hold at most ${MAX_BATCH_ITEMS} units` })
  @ValidateNested({ each: true })
  @Type(() => OrgUnitBatchItemDto)
  items: OrgUnitBatchItemDto[];
}

export class ImportedOrgUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['created', 'unchanged'] }) status: 'created' | 'unchanged';
}

/** What a batch did: every item in the order sent. */
export class ImportOrgUnitsResultDto {
  @ApiProperty() created: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [ImportedOrgUnitDto] }) items: ImportedOrgUnitDto[];
}
