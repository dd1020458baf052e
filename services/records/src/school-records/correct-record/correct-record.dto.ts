import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class SubjectCorrectionDto {
  @ApiProperty({ example: 'TOAN' }) @IsString() @MaxLength(30) code: string;
  @ApiPropertyOptional({ example: '8.5', nullable: true })
  @IsOptional()
  @IsString()
  termI?: string | null;
  @ApiPropertyOptional({ example: 'Đ', nullable: true })
  @IsOptional()
  @IsString()
  termII?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() reassessment?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() remark?: string | null;
  @ApiPropertyOptional({ description: 'Primary (Circular 27): T / H / C', example: 'T' })
  @IsOptional()
  @IsString()
  level?: string;
  @ApiPropertyOptional({ description: 'Primary: the end-of-year test mark (1-10)', nullable: true })
  @IsOptional()
  @IsInt()
  testScore?: number | null;
}

export class ConductCorrectionDto {
  @ApiPropertyOptional({ enum: ['good', 'fair', 'pass', 'fail'] })
  @IsOptional()
  @IsString()
  termI?: string;
  @ApiPropertyOptional({ enum: ['good', 'fair', 'pass', 'fail'] })
  @IsOptional()
  @IsString()
  termII?: string;
  @ApiPropertyOptional({ enum: ['good', 'fair', 'pass', 'fail'], nullable: true })
  @IsOptional()
  @IsString()
  afterSummerTraining?: string | null;
}

/**
 * What a correction (đính chính) changes, and why. Fields not given stay as signed. A secondary
 * record (Circular 22) takes term scores, conduct, absences and awards; a primary one (Circular
 * 27) subjects' levels and end-of-year tests and qualities; the other's fields are refused.
 */
export class CorrectRecordDto {
  @ApiProperty({ example: 'Nhập nhầm điểm cuối kì môn Toán' })
  @IsString()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ type: [SubjectCorrectionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => SubjectCorrectionDto)
  subjects?: SubjectCorrectionDto[];

  @ApiPropertyOptional({ type: ConductCorrectionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConductCorrectionDto)
  conduct?: ConductCorrectionDto;

  @ApiPropertyOptional() @IsOptional() @IsInt() absentSessions?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) homeroomRemarks?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  otherAwards?: string[];

  @ApiPropertyOptional({
    description: 'Primary (Circular 27): quality or competency code → T / Đ / C',
    example: { chamChi: 'T' },
  })
  @IsOptional()
  @IsObject()
  qualities?: Record<string, string>;
}
