import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** One learner's cells as typed: scores "8.5" (or "8,5"), comments "Đ" / "CĐ"; blank = not yet. */
export class LearnerMarksDto {
  @ApiProperty() @IsUUID() studentId: string;

  @ApiProperty({ type: [String], example: ['8', '7.5'], description: 'ĐĐGtx, in order' })
  @IsArray()
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  regular: string[];

  @ApiPropertyOptional({ example: '8', description: 'ĐĐGgk' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  midTerm?: string;

  @ApiPropertyOptional({ example: '7.5', description: 'ĐĐGck' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  endOfTerm?: string;
}

export class RecordMarksDto {
  @ApiProperty({ type: [LearnerMarksDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LearnerMarksDto)
  marks: LearnerMarksDto[];
}
