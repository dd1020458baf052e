import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class SubmitReportDto {
  @ApiProperty({
    description: 'the reporting unit: commune/ward/special zone, THPT school or GDTX centre',
  })
  @IsUUID()
  orgUnitId: string;
  @ApiPropertyOptional({ example: 'Đã gửi kèm công văn số 12/UBND' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
