import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A term (học kỳ) of the year. */
export class TermDto {
  @ApiProperty({ example: 'HK1' }) @IsString() @Length(1, 20) code: string;
  @ApiProperty({ example: 'Học kỳ I' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: '2025-09-05' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;
  @ApiProperty({ example: '2026-01-17' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn: string;
}

/** A school year (năm học) with its terms. */
export class CreateSchoolYearDto {
  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'code must look like 2025-2026' })
  code: string;
  @ApiProperty({ example: '2025-09-05' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;
  @ApiProperty({ example: '2026-05-31' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn: string;
  @ApiProperty({ type: [TermDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => TermDto)
  terms: TermDto[];
}
