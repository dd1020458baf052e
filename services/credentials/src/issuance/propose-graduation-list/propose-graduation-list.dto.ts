import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { GRADUATION_LEVELS, type GraduationLevel } from '@qn/contracts';

export class ProposeGraduationListDto {
  @ApiProperty({ enum: GRADUATION_LEVELS })
  @IsIn(GRADUATION_LEVELS)
  level!: GraduationLevel;

  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must look like 2025-2026' })
  schoolYear!: string;
}
