import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

export class RefundDto {
  @ApiProperty({ example: '200000' }) @Allow() amount!: string;
  @ApiPropertyOptional({ example: 'VND' }) @Allow() currency?: string;
  @ApiProperty({ example: 'Hoàn tiền nộp thừa' }) @Allow() reason!: string;
}
