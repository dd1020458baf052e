import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CancelInvoiceDto {
  @ApiProperty({ example: 'Học sinh chuyển trường trước khi nhập học' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
