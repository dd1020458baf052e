import { ApiProperty } from '@nestjs/swagger';

/* GET /reports/:schoolYear/:report/completeness as the OpenAPI document describes it. */

export class ReportingUnitDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: String, nullable: true }) parentName!: string | null;
}

export class CompletenessDoc {
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty() expected!: number;
  @ApiProperty() submitted!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ type: Number, nullable: true }) ratePercent!: number | null;
  @ApiProperty({ type: [ReportingUnitDoc] }) missing!: ReportingUnitDoc[];
}
