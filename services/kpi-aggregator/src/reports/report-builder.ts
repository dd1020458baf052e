import { Inject, Injectable } from '@nestjs/common';
import { OrgDirectory } from '@qn/org-directory';
import { NotFound, provinceDate } from '@qn/contracts';
import { lastDay, parsePeriod, type ReportKind } from '../indicators';
import { KPI_CATALOGUE, type LoadedCatalogue } from '../projections/catalogue.provider';
import {
  IndicatorQueryService,
  parseAnswer,
  type CellView,
  type DrillDownView,
  type NodeView,
} from '../queries/indicator-query.service';
import type { ProvinceReport, ReportRow } from './report-model';
import { reportPeriodFor } from './report-periods';
import { ReportSubmissionsService, unitsDeadline } from './report-submissions.service';
import { OrgUnitNotFound } from '../org-units/org-unit-errors';

/**
 * Builds the department's report from the projections: every catalogue indicator for the unit
 * (by segment) and for each unit below it (totals), in the period the report covers, plus the
 * completeness of the units' own reports. The same numbers the query API serves.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    private readonly queries: IndicatorQueryService,
    private readonly submissions: ReportSubmissionsService,
    private readonly directory: OrgDirectory,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
  ) {}

  async build(schoolYear: string, kind: ReportKind, orgUnitId: string): Promise<ProvinceReport> {
    const { department } = unitsDeadline(schoolYear, kind);
    const unit = await this.directory.get(orgUnitId);
    if (!unit)
      throw new OrgUnitNotFound(orgUnitId);
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
        view = parseAnswer<DrillDownView>(await this.queries.drillDown(ind.code, orgUnitId, period));
      } catch (err) {
        // A unit created after the period has nothing to report for it: leave the rows out.
        if (err instanceof NotFound) continue;
        throw err;
      }
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
        numerator: String(cell.numerator),
        denominator: String(cell.denominator),
        value: cell.value,
        target: cell.target,
        status: cell.status,
      });
      rows.push(row(view.orgUnit, null, view.orgUnit.total));
      for (const seg of ind.segments) {
        const cell = view.orgUnit.bySegment[seg];
        if (cell) rows.push(row(view.orgUnit, seg, cell));
      }
      for (const child of view.children) rows.push(row(child, null, child.total));
    }
    return {
      kind,
      schoolYear,
      periodCode: kind === 'semester-1' ? `HK1-${schoolYear}` : schoolYear,
      asOf,
      generatedAt: new Date(),
      province: { id: unit.id, name: unit.name },
      dueOn: department.dueOn,
      segments: [...this.cat.catalogue.segments].map(([code, s]) => ({ code, nameVi: s.nameVi })),
      rows,
      completeness: await this.submissions.completeness({
        schoolYear,
        report: kind,
        orgUnitId,
        asOf,
      }),
    };
  }
}
