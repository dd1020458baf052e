import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** One learner's term as typed: checked by the use case, so a bad value is a 422 naming its field. */
export class LearnerConductDto {
  @ApiProperty() @IsUUID() studentId: string;

  @ApiProperty({
    example: 'Tốt',
    description:
      'good / fair / pass / fail, or T / K / Đ / CĐ, or Tốt / Khá / Đạt / Chưa đạt (any case)',
  })
  @Allow()
  conduct: unknown;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 2,
    description:
      'sessions absent in the term (buổi nghỉ học, excused or not): a whole number 0-400',
  })
  @Allow()
  absentSessions: unknown;

  @ApiPropertyOptional({
    description: 'the homeroom teacher’s remarks (nhận xét của GVCN), at most 1000 characters',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  remarks?: string;
}

export class RecordConductDto {
  @ApiProperty({ type: [LearnerConductDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LearnerConductDto)
  entries: LearnerConductDto[];
}
