import { ApiProperty } from '@nestjs/swagger';

/* The catalogue entry as GET /indicators lists it, for the OpenAPI document (web app's client). */

export class IndicatorTargetDoc {
  @ApiProperty({ type: String, nullable: true, description: 'That period only.' })
  period!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'That period and later ones.' })
  from!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null: every segment and the total.' })
  segment!: string | null;
  @ApiProperty() value!: number;
}

export class IndicatorBaselineDoc {
  @ApiProperty({ description: 'The period the baseline was measured in.' }) period!: string;
  @ApiProperty({ type: String, nullable: true }) segment!: string | null;
  @ApiProperty() value!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The document it comes from.' })
  sourceDoc!: string | null;
}

export class IndicatorDoc {
  @ApiProperty() code!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'percent, count, vnd…' }) unit!: string;
  @ApiProperty({ description: 'school-year, semester, calendar-year, as-of-date' })
  periodType!: string;
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty({ type: [IndicatorTargetDoc] }) targets!: IndicatorTargetDoc[];
  @ApiProperty({ type: [IndicatorBaselineDoc] }) baselines!: IndicatorBaselineDoc[];
  @ApiProperty({ type: [String] }) sourceEvents!: string[];
}
