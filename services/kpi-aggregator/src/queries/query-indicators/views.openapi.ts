import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

/*
 * The query answers' shapes for the OpenAPI document (docs/openapi/kpi-aggregator.json), from
 * which the web app's client is typed. They describe the interfaces of query-indicators.service.ts
 * (DrillDownView, SeriesView); the answers themselves are built there, not from these classes.
 */

export class StatusLabelDoc {
  @ApiProperty() vi!: string;
  @ApiProperty() en!: string;
}

/** One unit's value in a period: numerator, denominator, value, target and status. */
export class CellViewDoc {
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "In the indicator's unit (percent × 100), not capped; null when the denominator is 0.",
  })
  value!: number | null;
  @ApiProperty({ description: 'Units whose data make up the value.' }) contributors!: number;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The trajectory's value at the period's elapsed share (null without a target).",
  })
  expected!: number | null;
  @ApiProperty({
    description: 'Status code (met, on-track, at-risk, off-track, no-data, no-target…).',
  })
  status!: string;
  @ApiProperty({ type: StatusLabelDoc }) statusLabel!: StatusLabelDoc;
}

const bySegment = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(CellViewDoc) },
  description: 'The cell per area segment (urban, rural, ethnic-minority-mountain, island).',
} as const;

export class IndicatorRefDoc {
  @ApiProperty() code!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'percent, count, vnd…' }) unit!: string;
  @ApiProperty({ description: 'school-year, semester, calendar-year, as-of-date' })
  periodType!: string;
}

export class PeriodDoc {
  @ApiProperty() code!: string;
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) lastDay!: string;
}

export class ProjectionRefDoc {
  @ApiProperty() generation!: number;
  @ApiProperty() version!: number;
}

export class NodeViewDoc {
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'province, commune, ward, special-zone, district, school',
  })
  kind!: string | null;
  @ApiProperty({ type: CellViewDoc }) total!: CellViewDoc;
  @ApiProperty(bySegment) bySegment!: Record<string, CellViewDoc>;
}

/** GET /indicators/:code/values: a unit and its children (DrillDownView). */
export class DrillDownViewDoc {
  @ApiProperty({ type: IndicatorRefDoc }) indicator!: IndicatorRefDoc;
  @ApiProperty({ type: PeriodDoc }) period!: PeriodDoc;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: ProjectionRefDoc }) projection!: ProjectionRefDoc;
  @ApiProperty({ type: NodeViewDoc }) orgUnit!: NodeViewDoc;
  @ApiProperty({ type: [NodeViewDoc] }) children!: NodeViewDoc[];
}

export class SeriesPointDoc {
  @ApiProperty() period!: string;
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) lastDay!: string;
  @ApiProperty({ type: CellViewDoc }) total!: CellViewDoc;
  @ApiProperty(bySegment) bySegment!: Record<string, CellViewDoc>;
}

/** GET /indicators/:code/series: the indicator over periods (SeriesView). */
export class SeriesViewDoc {
  @ApiProperty({ type: IndicatorRefDoc }) indicator!: IndicatorRefDoc;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: ProjectionRefDoc }) projection!: ProjectionRefDoc;
  @ApiProperty({ type: [SeriesPointDoc] }) points!: SeriesPointDoc[];
}
