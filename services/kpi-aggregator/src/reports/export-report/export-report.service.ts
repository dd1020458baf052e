import { Inject, Injectable } from '@nestjs/common';
import { OrgDirectory } from '@qn/org-directory';
import { NotFound, provinceDate } from '@qn/contracts';
import {
  lastDay,
  parsePeriod,
  type IndicatorDefinition,
  type ReportKind,
} from '../../indicators/domain';
import { KPI_CATALOGUE, type LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import {
  IndicatorQueryService,
  parseAnswer,
  type CellView,
  type DrillDownView,
  type NodeView,
} from '../../queries/query-indicators/query-indicators.service';
import { OrgUnitNotFound } from '../../shared/org-unit-errors';
import type { ProvinceReport, ReportRow } from '../domain/report-model';
import { reportPeriodFor } from '../domain/report-periods';
import { unitsDeadline } from '../domain/report-deadlines';
import { administrativeForm } from '../domain/administrative-form';
import { ReportCompletenessService } from '../report-completeness/report-completeness.service';

/** The report's rows for one indicator: the unit (total, then by segment), then each unit below it. */
function rowsOf(ind: IndicatorDefinition, view: DrillDownView): ReportRow[] {
  const row = (node: NodeView, segment: string | null, cell: CellView): ReportRow => ({
    indicatorCode: ind.code,
    indicatorNameVi: ind.nameVi,
    indicatorNameEn: ind.nameEn,
    unit: ind.unit,
    orgUnitId: node.orgUnitId,
    orgUnitCode: node.code,
    orgUnitName: node.name ?? node.orgUnitId,
    orgUnitKind: node.kind ?? 'unknown',
    segment,
    periodCode: view.period.code,
    periodStart: view.period.start,
    periodEnd: view.period.lastDay,
    numerator: String(cell.numerator),
    denominator: String(cell.denominator),
    value: cell.value,
    target: cell.target,
    expected: cell.expected,
    deadline: cell.deadline,
    final: cell.final,
    status: cell.status,
  });
  const rows = [row(view.orgUnit, null, view.orgUnit.total)];
  for (const seg of ind.segments) {
    const cell = view.orgUnit.bySegment[seg];
    if (cell) rows.push(row(view.orgUnit, seg, cell));
  }
  for (const child of view.children) rows.push(row(child, null, child.total));
  return rows;
}

/**
 * Builds the department's report from the projections: every catalogue indicator for the unit
 * (by segment) and for each unit below it (totals), in the period the report covers, plus the
 * completeness of the units' own reports. The same numbers the query API serves.
 */
@Injectable()
export class ExportReportService {
  constructor(
    private readonly queries: IndicatorQueryService,
    private readonly completeness: ReportCompletenessService,
    private readonly directory: OrgDirectory,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
  ) {}

  async build(schoolYear: string, kind: ReportKind, orgUnitId: string): Promise<ProvinceReport> {
    const { units } = unitsDeadline(schoolYear, kind);
    const unit = await this.directory.get(orgUnitId);
    if (!unit) throw new OrgUnitNotFound(orgUnitId);
    const parent = unit.parentId ? await this.directory.get(unit.parentId) : null;
    const lastDays = {
      semester1: lastDay(parsePeriod(`HK1-${schoolYear}`)),
      schoolYear: lastDay(parsePeriod(schoolYear)),
    };
    const asOf = provinceDate();
    const rows: ReportRow[] = [];
    for (const ind of this.cat.catalogue.indicators) {
      const period = reportPeriodFor(ind.periodType, kind, schoolYear, lastDays);
      let view: DrillDownView;
      try {
        // The query service answers serialized JSON (what it caches); the report reads it back.
        view = parseAnswer<DrillDownView>(
          await this.queries.drillDown(ind.code, orgUnitId, period),
        );
      } catch (err) {
        // A unit created after the period has nothing to report for it: leave the rows out.
        if (err instanceof NotFound) continue;
        throw err;
      }
      rows.push(...rowsOf(ind, view));
    }
    return {
      kind,
      schoolYear,
      periodCode: kind === 'semester-1' ? `HK1-${schoolYear}` : schoolYear,
      asOf,
      generatedAt: new Date(),
      reportingUnit: { id: unit.id, name: unit.name, kind: unit.kind },
      form: administrativeForm(
        { kind: unit.kind, name: unit.name, parent: parent && { kind: parent.kind, name: parent.name } },
        kind,
        schoolYear,
        asOf,
      ),
      unitsDueOn: units.dueOn,
      segments: [...this.cat.catalogue.segments].map(([code, s]) => ({ code, nameVi: s.nameVi })),
      rows,
      completeness: await this.completeness.completeness({
        schoolYear,
        report: kind,
        orgUnitId,
        asOf,
      }),
    };
  }
}
