import { InvalidInput, NotFound, RuleViolation } from '@qn/contracts';
import { Body, Controller, Get, Injectable, Param, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { ClientScope, CurrentPrincipal, everyone, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';
import {
  AreaSegment,
  FeeCatalogue,
  FeeError,
  FeeItem,
  SchoolLevel,
  SchoolYearCalendar,
  TuitionRate,
  validateCatalogue,
} from '../obligations/domain/fees';
import { amountField, FieldError } from '../shared/money-input';
import { ItemBody, ProvinceCatalogueBody, SchoolCatalogueBody } from './catalogue-body';

export type { ItemBody, ProvinceCatalogueBody, SchoolCatalogueBody } from './catalogue-body';

const LEVELS: SchoolLevel[] = [
  'preschool',
  'primary',
  'lowerSecondary',
  'upperSecondary',
  'continuingEducation',
];
const SEGMENTS: AreaSegment[] = ['urban', 'rural', 'ethnicMinorityMountain', 'island'];
const SCHEDULES = ['monthly', 'perTerm', 'perYear'] as const;
const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

function parseItems(raw: unknown, errors: FieldError[]): FeeItem[] {
  if (!Array.isArray(raw)) {
    errors.push({ field: 'items', message: 'must be an array' });
    return [];
  }
  return raw.flatMap((it: Record<string, unknown>, i): FeeItem[] => {
    const f = (k: string) => `items[${i}].${k}`;
    const before = errors.length;
    for (const k of ['code', 'name', 'legalBasis'])
      if (typeof it?.[k] !== 'string' || !(it[k] as string).trim())
        errors.push({ field: f(k), message: 'is required' });
    if (!['healthInsurance', 'service'].includes(it?.kind as string))
      errors.push({ field: f('kind'), message: 'must be healthInsurance or service' });
    if (!SCHEDULES.includes(it?.schedule as never))
      errors.push({ field: f('schedule'), message: 'must be monthly, perTerm or perYear' });
    if (typeof it?.mandatory !== 'boolean')
      errors.push({ field: f('mandatory'), message: 'must be true or false' });
    if (
      it?.levels !== undefined &&
      !(Array.isArray(it.levels) && it.levels.every((l) => LEVELS.includes(l)))
    )
      errors.push({ field: f('levels'), message: `must list levels among ${LEVELS.join(', ')}` });
    if (
      it?.segments !== undefined &&
      !(Array.isArray(it.segments) && it.segments.every((s) => SEGMENTS.includes(s)))
    )
      errors.push({
        field: f('segments'),
        message: `must list segments among ${SEGMENTS.join(', ')}`,
      });
    const amount = amountField(it?.amount, f('amount'), errors, { allowZero: true });
    if (errors.length > before || amount === undefined) return [];
    return [
      {
        code: it.code as string,
        name: (it.name as string).normalize('NFC'),
        kind: it.kind as FeeItem['kind'],
        schedule: it.schedule as FeeItem['schedule'],
        mandatory: it.mandatory as boolean,
        amount,
        legalBasis: (it.legalBasis as string).normalize('NFC'),
        ...(it.levels ? { levels: it.levels as SchoolLevel[] } : {}),
        ...(it.segments ? { segments: it.segments as AreaSegment[] } : {}),
      },
    ];
  });
}

/** Province body → domain catalogue (amounts to bigint), or a 400 naming every bad field. */
export function parseProvinceBody(schoolYear: string, body: ProvinceCatalogueBody): FeeCatalogue {
  const errors: FieldError[] = [];
  const tuition = body?.tuition;
  if (!tuition || typeof tuition !== 'object')
    errors.push({ field: 'tuition', message: 'is required' });
  const rates: TuitionRate[] = [];
  (Array.isArray(tuition?.rates) ? tuition.rates : []).forEach((r, i) => {
    const f = (k: string) => `tuition.rates[${i}].${k}`;
    if (!LEVELS.includes(r?.level))
      errors.push({ field: f('level'), message: `must be one of ${LEVELS.join(', ')}` });
    if (!SEGMENTS.includes(r?.segment))
      errors.push({ field: f('segment'), message: `must be one of ${SEGMENTS.join(', ')}` });
    const amount = amountField(r?.monthlyAmount, f('monthlyAmount'), errors, { allowZero: true });
    if (amount !== undefined)
      rates.push({ level: r.level, segment: r.segment, monthlyAmount: amount });
  });
  if (tuition && !Array.isArray(tuition.rates))
    errors.push({ field: 'tuition.rates', message: 'must be an array' });
  const items = parseItems(body?.items, errors);
  if (!body?.calendar || !Array.isArray(body.calendar.terms))
    errors.push({ field: 'calendar.terms', message: 'is required' });
  if (errors.length) throw new InvalidInput(errors);
  const catalogue: FeeCatalogue = {
    province: body.province ?? 'Quảng Ninh',
    schoolYear,
    calendar: { ...body.calendar, schoolYear },
    tuition: {
      code: tuition.code,
      name: tuition.name?.normalize('NFC'),
      legalBasis: tuition.legalBasis?.normalize('NFC'),
      rates,
    },
    items,
  };
  try {
    return validateCatalogue(catalogue);
  } catch (err) {
    if (err instanceof FeeError || err instanceof RangeError)
      throw new RuleViolation('catalogue-rule', 'The fee catalogue is not consistent', err.message);
    throw err;
  }
}

const itemToBody = (i: FeeItem): ItemBody & { schoolIds?: readonly string[] } => ({
  ...i,
  amount: i.amount.toString(),
});

function assertSchoolYear(schoolYear: string): void {
  const m = SCHOOL_YEAR.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1)
    throw new InvalidInput([{ field: 'schoolYear', message: 'must be like 2025-2026' }]);
}

/**
 * Fee catalogue per school year: the province part plus each school's own items (a school's
 * item with the same code as a province item replaces it for that school). Every revision is
 * kept in history.
 */
export class CatalogueNotFound extends NotFound {
  constructor(detail: string) {
    super('catalogue-not-found', 'No fee catalogue for this school year', detail);
  }
}

@Injectable()
export class FeeCatalogueService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Stores a revision; the answer is the catalogue then in effect, recorded with the change. */
  private put(schoolYear: string, scope: string, body: unknown, by: string, schoolIds: string[]) {
    return idempotentTransaction(this.ds, async (tx) => {
      const [row]: Array<{ revision: number }> = await tx.query(
        `INSERT INTO fee_catalogue (school_year, scope, body, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (school_year, scope) DO UPDATE SET body = EXCLUDED.body, revision = fee_catalogue.revision + 1,
           updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING revision`,
        [schoolYear, scope, JSON.stringify(body), by],
      );
      await tx.query(
        `INSERT INTO fee_catalogue_history (school_year, scope, revision, body, updated_by) VALUES ($1, $2, $3, $4, $5)`,
        [schoolYear, scope, row!.revision, JSON.stringify(body), by],
      );
      return this.effective(schoolYear, schoolIds, tx);
    });
  }

  async putProvince(schoolYear: string, body: ProvinceCatalogueBody, by: string) {
    assertSchoolYear(schoolYear);
    const c = parseProvinceBody(schoolYear, body);
    return this.put(schoolYear, 'province', toProvinceBody(c), by, []);
  }

  async putSchool(schoolYear: string, schoolId: string, body: SchoolCatalogueBody, by: string) {
    assertSchoolYear(schoolYear);
    const errors: FieldError[] = [];
    const items = parseItems(body?.items, errors);
    if (errors.length) throw new InvalidInput(errors);
    return this.put(schoolYear, schoolId, { items: items.map(itemToBody) }, by, [schoolId]);
  }

  /**
   * The catalogue that bills students of `schoolIds`: province part + those schools' items,
   * each restricted to its school. Undefined when the province has not set the year up.
   */
  async catalogueFor(
    schoolYear: string,
    schoolIds: string[],
    tx: EntityManager = this.ds.manager,
  ): Promise<FeeCatalogue | undefined> {
    const rows: Array<{ scope: string; body: ProvinceCatalogueBody & SchoolCatalogueBody }> =
      await tx.query(
        `SELECT scope, body FROM fee_catalogue WHERE school_year = $1 AND (scope = 'province' OR scope = ANY($2::text[]))`,
        [schoolYear, schoolIds],
      );
    const province = rows.find((r) => r.scope === 'province');
    if (!province) return undefined;
    const p = province.body;
    const toItem = (i: ItemBody, schoolIds?: string[]): FeeItem => ({
      ...i,
      amount: BigInt(i.amount),
      ...(schoolIds ? { schoolIds } : {}),
    });
    const schoolItems = rows.filter((r) => r.scope !== 'province');
    const overridden = (code: string) =>
      schoolItems.filter((r) => r.body.items.some((i) => i.code === code)).map((r) => r.scope);
    const items: FeeItem[] = [];
    for (const i of p.items) {
      // A school that overrides the item bills its own; the province item applies to the others.
      const over = overridden(i.code);
      if (over.length === 0) items.push(toItem(i));
      else {
        const others = schoolIds.filter((s) => !over.includes(s));
        if (others.length) items.push(toItem(i, others));
      }
    }
    // Codes must be unique in one catalogue: a school's own item is suffixed with its scope when two schools share a code.
    const seen = new Set(items.map((i) => i.code));
    for (const r of schoolItems)
      for (const i of r.body.items) {
        const code = seen.has(i.code) ? `${i.code}@${r.scope}` : i.code;
        seen.add(code);
        items.push({ ...toItem(i, [r.scope]), code });
      }
    return {
      province: p.province,
      schoolYear,
      calendar: p.calendar,
      tuition: {
        ...p.tuition,
        rates: p.tuition.rates.map((r) => ({ ...r, monthlyAmount: BigInt(r.monthlyAmount) })),
      },
      items,
    };
  }

  async effective(schoolYear: string, schoolIds: string[], tx: EntityManager = this.ds.manager) {
    const c = await this.catalogueFor(schoolYear, schoolIds, tx);
    if (!c)
      throw new CatalogueNotFound(`the province has not set the fee catalogue of ${schoolYear}`);
    return { ...toProvinceBody(c), schoolYear, items: c.items.map(itemToBody) };
  }
}

function toProvinceBody(c: FeeCatalogue): ProvinceCatalogueBody {
  return {
    province: c.province,
    calendar: c.calendar as SchoolYearCalendar,
    tuition: {
      ...c.tuition,
      rates: c.tuition.rates.map((r) => ({ ...r, monthlyAmount: r.monthlyAmount.toString() })),
    },
    items: c.items.map(itemToBody),
  };
}

@ApiTags('fee catalogue')
@ApiBearerAuth()
@Controller('fee-catalogues')
export class FeeCatalogueController {
  constructor(private readonly service: FeeCatalogueService) {}

  /** The province sets calendar, tuition by level and area, and province-wide fees (amounts: integer VND strings). */
  @Put(':schoolYear')
  @Policy({ action: 'update', resource: 'fee-catalogue', users: { province: Reach.All } })
  @Idempotent()
  putProvince(
    @Param('schoolYear') schoolYear: string,
    @Body() body: ProvinceCatalogueBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.putProvince(schoolYear, body, p.subject);
  }

  /** A school sets its own service fees (NQ 34/2021) for the year. */
  @Put(':schoolYear/schools/:schoolId')
  @Policy({
    action: 'update',
    resource: 'school-fee-catalogue',
    users: { province: Reach.All, principal: Reach.Unit, 'school-staff': Reach.Unit },
    target: { orgUnitParam: 'schoolId' },
  })
  @Idempotent()
  async putSchool(
    @Param('schoolYear') schoolYear: string,
    @Param('schoolId') schoolId: string,
    @Body() body: SchoolCatalogueBody,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.putSchool(schoolYear, schoolId, body, p.subject);
  }

  @Get(':schoolYear')
  // Fees are public information (schools post them); anyone signed in reads them.
  @Policy({
    action: 'read',
    resource: 'fee-catalogue',
    users: everyone(),
    clients: { [ClientScope.MasterDataRead]: Reach.All, [ClientScope.PaymentsRead]: Reach.All },
  })
  get(@Param('schoolYear') schoolYear: string, @Query('schoolId') schoolId?: string) {
    return this.service.effective(schoolYear, schoolId ? [schoolId] : []);
  }
}
