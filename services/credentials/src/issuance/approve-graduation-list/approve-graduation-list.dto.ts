import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class ApproveGraduationListDto {
  /** Số/ký hiệu of the authority's decision recognising graduation, e.g. "125/QĐ-SGDĐT". */
  @ApiProperty({ example: '125/QĐ-SGDĐT' })
  @IsString()
  @Length(1, 100)
  decisionReference!: string;

  /** The decision's date (ngày ký quyết định): the diplomas' date of issue. */
  @ApiProperty({ example: '2026-07-15' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'decidedOn must be a date YYYY-MM-DD' })
  decidedOn!: string;
}
