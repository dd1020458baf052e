import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
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

/** What a correction (đính chính) changes, and why. Fields not given stay as signed. */
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
}
