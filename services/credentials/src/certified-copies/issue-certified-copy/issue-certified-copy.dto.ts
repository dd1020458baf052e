import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const COPY_REQUESTERS = ['holder', 'representative', 'agency'] as const;

export class IssueCertifiedCopyDto {
  /** How many printed copies the request asks for. */
  @ApiProperty({ minimum: 1, maximum: 20, example: 2 })
  @IsInt()
  @Min(1)
  @Max(20)
  copies!: number;

  /** Who asked: the holder, their authorised representative, or an agency (Decree 23/2015). */
  @ApiProperty({ enum: COPY_REQUESTERS })
  @IsIn(COPY_REQUESTERS)
  requester!: (typeof COPY_REQUESTERS)[number];

  @ApiPropertyOptional({ example: 'Hồ sơ xin việc' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  purpose?: string;
}
