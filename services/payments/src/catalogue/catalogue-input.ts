import { InvalidInput, RuleViolation } from '@qn/contracts';
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
import { ItemBody, ProvinceCatalogueBody } from './catalogue-body';

/** The catalogue API's bodies ↔ the domain catalogue: every bad field named in one 400. */
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

export function parseItems(raw: unknown, errors: FieldError[]): FeeItem[] {
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

export const itemToBody = (i: FeeItem): ItemBody & { schoolIds?: readonly string[] } => ({
  ...i,
  amount: i.amount.toString(),
});

export function assertSchoolYear(schoolYear: string): void {
  const m = SCHOOL_YEAR.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1)
    throw new InvalidInput([{ field: 'schoolYear', message: 'must be like 2025-2026' }]);
}

export function toProvinceBody(c: FeeCatalogue): ProvinceCatalogueBody {
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
