import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

export class RequestTransferDto {
  @ApiProperty() @IsUUID() studentId: string;
  @ApiProperty() @IsUUID() toSchoolId: string;
  @ApiProperty({ example: 'Gia đình chuyển nơi cư trú' })
  @IsString()
  @Length(1, 500)
  reason: string;
  @ApiProperty({ example: '2026-01-05' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be a date YYYY-MM-DD' })
  effectiveDate: string;
}
