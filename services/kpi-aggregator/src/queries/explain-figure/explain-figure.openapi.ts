import { ApiProperty } from '@nestjs/swagger';

/* The facts-behind-a-figure answer's shape for the OpenAPI document (ExplainView). */

export class UnitRefDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class FactEventDoc {
  @ApiProperty({ description: 'The event type, e.g. payments.payment.received.' }) type!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) occurredAt!: string | null;
}

export class FactDoc {
  @ApiProperty({ description: 'The data element the fact adds to.' }) element!: string;
  @ApiProperty({ enum: ['numerator', 'denominator', 'both'] }) role!: string;
  @ApiProperty({ type: UnitRefDoc }) school!: UnitRefDoc;
  @ApiProperty() segment!: string;
  @ApiProperty({ description: 'Exact decimal string.' }) value!: string;
  @ApiProperty({ type: FactEventDoc }) event!: FactEventDoc;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validTo!: string | null;
  @ApiProperty({
    type: UnitRefDoc,
    nullable: true,
    description: 'For a distinct count of units: the unit counted (never a learner).',
  })
  countedUnit!: UnitRefDoc | null;
}

export class ExplainElementDoc {
  @ApiProperty() name!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty({ enum: ['numerator', 'denominator', 'both'] }) role!: string;
}

export class ExplainIndicatorDoc {
  @ApiProperty() code!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() periodType!: string;
}

export class ExplainPeriodDoc {
  @ApiProperty() code!: string;
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) lastDay!: string;
}

/** GET /indicators/:code/facts */
export class ExplainViewDoc {
  @ApiProperty({ type: ExplainIndicatorDoc }) indicator!: ExplainIndicatorDoc;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ type: ExplainPeriodDoc }) period!: ExplainPeriodDoc;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: [ExplainElementDoc] }) elements!: ExplainElementDoc[];
  @ApiProperty({ description: 'Facts in all, across pages.' }) total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ type: [FactDoc] }) facts!: FactDoc[];
}
