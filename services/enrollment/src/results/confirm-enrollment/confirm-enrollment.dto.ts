import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ConfirmEnrollmentDto {
  @ApiPropertyOptional({ example: '1A', description: 'class (lớp) if already known' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  className?: string;
}
