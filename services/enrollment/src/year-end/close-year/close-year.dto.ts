import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, Matches } from 'class-validator';

export class CloseYearDto {
  /** Learners who repeat their grade (lưu ban); everyone else is promoted or completes the level. */
  @ApiProperty({ type: [String], required: false, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20000)
  @IsUUID('all', { each: true })
  repeating?: string[];

  /** First day of the next school year for the learners who continue here (default 5 September). */
  @ApiProperty({ required: false, example: '2026-09-05' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'nextYearStartsOn must be a date YYYY-MM-DD' })
  nextYearStartsOn?: string;
}
