import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export class BillingRunDto {
  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must be like 2025-2026' })
  schoolYear!: string;
  @ApiProperty({ enum: [1, 2] }) @IsIn([1, 2], { message: 'term must be 1 or 2' }) term!: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID() schoolId?: string;
}
