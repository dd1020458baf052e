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

export const STATUS_CODES = [
  'completed',
  'mostly-completed',
  'not-completed',
  'on-track',
  'behind',
  'in-progress',
  'no-data',
  'no-target',
] as const;

export class BaselineDoc {
  @ApiProperty() value!: number;
  @ApiProperty({ format: 'date', description: 'The day it describes.' }) on!: string;
}

export class JudgedDoc {
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: [String] }) segments!: string[];
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
    description:
      'What the value is compared with now: the target once due or for a rate, the line from the baseline to the target for a stock, null when nothing is (no target, a one-off event before it is due).',
  })
  expected!: number | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The day the target is due; after it the status is final.',
  })
  deadline!: string | null;
  @ApiProperty({ description: 'The deadline has passed: the status stands.' }) final!: boolean;
  @ApiProperty({
    type: BaselineDoc,
    nullable: true,
    description: "The catalogue's latest baseline before the period.",
  })
  baseline!: BaselineDoc | null;
  @ApiProperty({ enum: STATUS_CODES, description: 'See statusLabel for the words.' })
  status!: (typeof STATUS_CODES)[number];
  @ApiProperty({ type: StatusLabelDoc }) statusLabel!: StatusLabelDoc;
  @ApiProperty({
    type: JudgedDoc,
    required: false,
    description:
      'Only on the all-areas cell of an indicator whose targets are per area: the share over the areas with a target, and those areas (the target is theirs, weighted).',
  })
  judged?: JudgedDoc;
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

export class SeriesBaselineDoc {
  @ApiProperty() period!: string;
  @ApiProperty({ format: 'date' }) lastDay!: string;
  @ApiProperty({ type: String, nullable: true }) segment!: string | null;
  @ApiProperty() value!: number;
  @ApiProperty({ type: String, nullable: true }) sourceDoc!: string | null;
}

/** GET /indicators/:code/series: the indicator over periods (SeriesView). */
export class SeriesViewDoc {
  @ApiProperty({ type: IndicatorRefDoc }) indicator!: IndicatorRefDoc;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: ProjectionRefDoc }) projection!: ProjectionRefDoc;
  @ApiProperty({
    type: [SeriesBaselineDoc],
    description:
      "The province's reported figures before the platform counted (the catalogue's baselines): the first points of the trend. Empty for other units.",
  })
  baselines!: SeriesBaselineDoc[];
  @ApiProperty({ type: [SeriesPointDoc] }) points!: SeriesPointDoc[];
}
