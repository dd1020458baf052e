import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ENTITLEMENT_CATEGORIES } from '../../obligations/domain/fees';

export class EntitlementDecisionDto {
  @ApiProperty({ example: 'REDUCE70_ETHNIC_DIFFICULT', enum: Object.keys(ENTITLEMENT_CATEGORIES) })
  @IsIn(Object.keys(ENTITLEMENT_CATEGORIES), {
    message: 'category must be a known entitlement category',
  })
  category!: string;
  @ApiProperty({ enum: ['grant', 'end'] })
  @IsIn(['grant', 'end'])
  action!: 'grant' | 'end';
  @ApiProperty({ example: '2025-09-05', description: 'First day the decision applies.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom!: string;
  @ApiPropertyOptional({
    example: 'QĐ 123/QĐ-THCS',
    description: 'The school decision (quyết định).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  decisionRef?: string;
}
