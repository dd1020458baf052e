import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInput, provinceDate } from '@qn/contracts';
import { IndicatorDefinition, lastDay, treeForPeriod } from '../../indicators/domain';
import { DATED } from '../../indicators/domain/facts';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { ProjectionService } from '../../projections/apply-events/projection.service';
import { IndicatorQueryService } from '../query-indicators/query-indicators.service';
import { OrgUnitNotFound, OrgUnitNotInPeriod } from '../../shared/org-unit-errors';

export interface FactView {
  /** The data element the fact adds to, and which side of the formula reads it. */
  element: string;
  role: 'numerator' | 'denominator' | 'both';
  school: { id: string; code: string | null; name: string | null };
  segment: string;
  value: string;
  /** The event that put it there: type, envelope id, when it happened (UTC). */
  event: { type: string; id: string | null; occurredAt: string | null };
  /** For master data and latest states: the days it is in force. */
  validFrom: string | null;
  validTo: string | null;
  /**
   * For distinct counts: the unit counted when it is one (a school); otherwise null, and a
   * learner or other person counted once is never named here.
   */
  countedUnit: { id: string; code: string | null; name: string | null } | null;
}

export interface ExplainView {
  indicator: { code: string; nameVi: string; periodType: string };
  orgUnitId: string;
  period: { code: string; start: string; lastDay: string };
  asOf: string;
  elements: Array<{ name: string; nameVi: string; role: FactView['role'] }>;
  total: number;
  offset: number;
  limit: number;
  facts: FactView[];
}

interface FactRow {
  element: string;
  source: number;
  org_unit_id: string;
  segment: string;
  value: string;
  distinct_value: string | null;
  valid_from: string | null;
  valid_to: string | null;
  occurred_at: string | null;
  event_id: string | null;
  total: string;
}

/**
 * The facts behind a figure: every contribution of an event to the indicator's data elements in
 * the unit's subtree for the period (dated facts in force on its last day), newest first, with
 * the school, the event and when it was counted. Read from the active projection generation, not
 * cached (an official checks the number before signing the report). Within the caller's scope by
 * the route's policy (the unit asked for) and by construction (its subtree only).
 */
@Injectable()
export class ExplainFigureService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly projections: ProjectionService,
    private readonly queries: IndicatorQueryService,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
  ) {}

  async explain(
    code: string,
    orgUnitId: string,
    q: { period?: string; segment?: string; element?: string; offset: number; limit: number },
  ): Promise<ExplainView> {
    const ind = this.queries.indicator(code);
    const period = this.queries.period(ind, q.period);
    const roles = rolesOf(ind);
    if (q.element !== undefined && !roles.has(q.element))
      throw InvalidInput.of('element', `must be one of ${[...roles.keys()].join(', ')}`);
    if (q.segment !== undefined && !ind.segments.includes(q.segment))
      throw InvalidInput.of('segment', `must be one of ${ind.segments.join(', ')}`);
    const units = await this.queries.units();
    const byId = new Map(units.map((u) => [u.id, u]));
    if (!byId.has(orgUnitId)) throw OrgUnitNotFound.notReached(orgUnitId);
    const tree = treeForPeriod(units, { code: period.code, start: period.start, end: period.end });
    if (!tree.placement.has(orgUnitId)) throw new OrgUnitNotInPeriod(orgUnitId, period.code);
    const subtree: string[] = [];
    for (const stack = [orgUnitId]; stack.length;) {
      const id = stack.pop()!;
      subtree.push(id);
      stack.push(...(tree.children.get(id) ?? []));
    }
    const { generation } = await this.queries.stamp();
    const t = this.projections.tables(generation);
    const elements = q.element ? [q.element] : [...roles.keys()];
    const rows: FactRow[] = await this.ds.query(
      `SELECT f.element, f.source, f.org_unit_id, f.segment, f.value::text AS value, f.distinct_value,
              f.valid_from::text AS valid_from, f.valid_to::text AS valid_to,
              s.occurred_at, s.event_id, count(*) OVER () AS total
         FROM ${t.fact} f LEFT JOIN ${t.subject} s ON s.subject_key = f.subject_key
        WHERE f.element = ANY($1) AND f.org_unit_id = ANY($2::uuid[])
          AND ($3::text IS NULL OR f.segment = $3)
          AND (f.period = $4
               OR (f.period = '${DATED}' AND f.valid_from <= $5::date AND (f.valid_to IS NULL OR f.valid_to > $5::date)
                   AND (f.dated_scope = 'any' OR $6 = 'as-of')))
        ORDER BY s.occurred_at DESC NULLS LAST, f.subject_key, f.element, f.org_unit_id, f.source, f.segment, f.distinct_value
        LIMIT $7 OFFSET $8`,
      [
        elements,
        subtree,
        q.segment ?? null,
        period.code,
        lastDay(period),
        period.type,
        q.limit,
        q.offset,
      ],
    );
    const unitView = (id: string) => {
      const u = byId.get(id);
      return { id, code: u?.code ?? null, name: u?.name ?? null };
    };
    return {
      indicator: { code: ind.code, nameVi: ind.nameVi, periodType: ind.periodType },
      orgUnitId,
      period: { code: period.code, start: period.start, lastDay: lastDay(period) },
      asOf: provinceDate(),
      elements: [...roles].map(([name, role]) => ({
        name,
        nameVi: this.cat.catalogue.dataElements.get(name)?.nameVi ?? name,
        role,
      })),
      total: rows.length ? Number(rows[0].total) : 0,
      offset: q.offset,
      limit: q.limit,
      facts: rows.map((r) => ({
        element: r.element,
        role: roles.get(r.element)!,
        school: unitView(r.org_unit_id),
        segment: r.segment,
        value: r.value,
        event: {
          type:
            this.cat.catalogue.dataElements.get(r.element)?.sources[r.source]?.event ?? 'unknown',
          id: r.event_id,
          occurredAt: r.occurred_at ? new Date(r.occurred_at).toISOString() : null,
        },
        validFrom: r.valid_from,
        validTo: r.valid_to,
        countedUnit:
          r.distinct_value && byId.has(r.distinct_value) ? unitView(r.distinct_value) : null,
      })),
    };
  }
}

/** The indicator's elements and which side of its formula reads each. */
function rolesOf(ind: IndicatorDefinition): Map<string, FactView['role']> {
  const num = new Set(ind.numerator.references);
  const den = new Set(ind.denominator.references);
  const roles = new Map<string, FactView['role']>();
  for (const e of ind.elements)
    roles.set(e, num.has(e) && den.has(e) ? 'both' : num.has(e) ? 'numerator' : 'denominator');
  return roles;
}
