import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class ResolveExceptionDto {
  @ApiProperty({
    enum: ['applied', 'dismissed', 'refundedOutside'],
    description:
      'applied: book the money to a student (statement lines and gateway callbacks with an amount); dismissed: nothing to book (test transfer, already handled); refundedOutside: sent back by the bank or gateway.',
  })
  @IsIn(['applied', 'dismissed', 'refundedOutside'])
  resolution!: 'applied' | 'dismissed' | 'refundedOutside';
  @ApiPropertyOptional({ description: 'For applied: the student the money belongs to.' })
  @IsOptional()
  @IsUUID()
  studentId?: string;
  @ApiProperty({ example: 'Phụ huynh ghi sai mã, đã xác minh qua điện thoại' })
  @IsString()
  @Length(1, 500)
  note!: string;
}
