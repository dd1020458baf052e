import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString, Length } from 'class-validator';

export class CashPaymentDto {
  @ApiProperty({ example: '1250000', description: 'Integer VND as a string of digits.' })
  @Allow()
  amount!: string;
  @ApiPropertyOptional({ example: 'VND' }) @Allow() currency?: string;
  @ApiPropertyOptional({
    description: 'Number of the paper receipt (biên lai) given to the family.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  receiptNo?: string;
}
