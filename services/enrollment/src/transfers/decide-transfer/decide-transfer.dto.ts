import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class DecideTransferDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}
