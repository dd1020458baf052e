import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches } from 'class-validator';

export class StudentServicesDto {
  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must be like 2025-2026' })
  schoolYear!: string;
  @ApiProperty({ enum: [1, 2], description: 'Re-bill from this term on.' })
  @IsIn([1, 2], { message: 'term must be 1 or 2' })
  term!: number;
  @ApiProperty({
    example: ['TIEN_AN', 'SLL_DIEN_TU'],
    description: 'Codes of voluntary services (replaces the list).',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  serviceCodes!: string[];
}
