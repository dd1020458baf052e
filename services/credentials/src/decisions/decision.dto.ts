import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import {
  REISSUE_REASONS,
  STATUS_REASONS,
  type ReissueReason,
  type StatusReason,
} from '@qn/contracts';

/** A status decision: the authority's decision reference and the reason from Circular 21's list. */
export class StatusDecisionDto {
  @ApiProperty({ example: '45/QĐ-SGDĐT' })
  @IsString()
  @Length(1, 100)
  decisionReference!: string;

  @ApiProperty({ enum: STATUS_REASONS })
  @IsIn(STATUS_REASONS)
  reason!: StatusReason;
}

/** Reinstating needs only the decision that lifts the suspension. */
export class ReinstatementDto {
  @ApiProperty({ example: '52/QĐ-SGDĐT' })
  @IsString()
  @Length(1, 100)
  decisionReference!: string;
}

/** The corrected facts (only those the decision changes). */
export class CorrectedFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 150) fullName?: string;
  @ApiPropertyOptional({ example: '2008-01-20' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) placeOfBirth?: string;
  @ApiPropertyOptional({ enum: ['male', 'female'] })
  @IsOptional()
  @IsIn(['male', 'female'])
  gender?: 'male' | 'female';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) ethnicity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) classification?: string;
}

/** A correction (chỉnh sửa văn bằng) by the authority's decision. */
export class CorrectionDto {
  @ApiProperty({ example: '60/QĐ-SGDĐT' })
  @IsString()
  @Length(1, 100)
  decisionReference!: string;

  /** Why (e.g. the birth certificate says otherwise). */
  @ApiProperty()
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty({ type: CorrectedFieldsDto })
  @ValidateNested()
  @Type(() => CorrectedFieldsDto)
  changes!: CorrectedFieldsDto;
}

export class ReissueDto {
  @ApiProperty({ enum: REISSUE_REASONS })
  @IsIn(REISSUE_REASONS)
  reason!: ReissueReason;
}
