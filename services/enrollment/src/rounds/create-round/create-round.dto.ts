import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimal } from '@qn/service-kit';

export class PriorityCategoryDto {
  @ApiProperty({ example: 'CON-LIET-SI' })
  @Matches(/^[A-Z0-9_-]{1,30}$/, { message: 'code must be 1-30 capital letters, digits, - or _' })
  code: string;
  @ApiProperty({ example: 'Con liệt sĩ' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 2, description: 'priority points (điểm ưu tiên), up to two decimals' })
  @IsDecimal(2)
  @Min(0)
  @Max(10)
  points: number;
}

export class ExamSubjectDto {
  @ApiProperty({ example: 'TOAN' }) @Matches(/^[A-Z0-9_-]{1,20}$/) code: string;
  @ApiProperty({ example: 'Toán' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(5) weight: number;
}

export class ExamSettingsDto {
  @ApiProperty({ type: [ExamSubjectDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ExamSubjectDto)
  subjects: ExamSubjectDto[];
  @ApiProperty({ example: ['VAN', 'TOAN'] })
  @IsArray()
  @IsString({ each: true })
  tieBreakSubjects: string[];
}

export class CreateRoundDto {
  @ApiProperty({ example: '2026-2027' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must look like 2026-2027' })
  schoolYear: string;
  @ApiProperty({ enum: [1, 6, 10] }) @IsIn([1, 6, 10]) grade: 1 | 6 | 10;
  @ApiProperty({ example: 'Tuyển sinh lớp 1 năm học 2026-2027' })
  @IsString()
  @Length(1, 200)
  name: string;
  @ApiProperty({ example: '2026-06-01T01:00:00Z' }) @IsISO8601({ strict: true }) opensAt: string;
  @ApiProperty({ example: '2026-06-15T10:00:00Z' }) @IsISO8601({ strict: true }) closesAt: string;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(5) maxWishes: number;
  @ApiProperty({ type: [PriorityCategoryDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PriorityCategoryDto)
  priorityCategories: PriorityCategoryDto[];
  @ApiPropertyOptional({ type: ExamSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExamSettingsDto)
  exam?: ExamSettingsDto;
  @ApiPropertyOptional({ example: ['Giấy khai sinh', 'Xác nhận cư trú'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  requiredDocuments?: string[];
}
