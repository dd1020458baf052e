/**
 * From events to facts: the data-driven part of the projections (pure, no I/O).
 *
 * The catalogue's data elements declare their `sources` (catalogue/indicators.yaml): which
 * event type and version feeds them, how (count, sum, distinct), which field holds the org
 * unit, the period and the segment, and a `where` filter. `compileProjection` turns those into
 * a table event type → sources, and `extractFacts` applies it to one event. Nothing here names
 * an indicator or an event type: a new indicator over an existing event type is a catalogue
 * entry plus a back-fill.
 *
 * A fact is one contribution of one event to one data value (element × org unit × period ×
 * segment). Periods:
 * - `{ code, type }`: the event names its period;
 * - `{ timestamp }` / `{ date }`: the local date (Asia/Ho_Chi_Minh) falls in one period of each
 *   period type the element's indicators use (none in the summer gap for school years and
 *   semesters); for as-of indicators the fact counts from that date on (cumulative);
 * - `{ valid_from, valid_to }`: master data, counted in any period when in force on its last
 *   day. Such facts are "dated" (period `*` with a validity range) and resolved at query time.
 * The segment `org-unit` is the school's area segment in the registry, filled in by the caller
 * (`segmentFromOrgUnit`).
 *
 * Latest state per subject (`how: latest` / `ends`): every event of such a source is a state
 * change of its subject (`field`, e.g. a learner) on its date (`extractStates`); a latest source
 * whose `where` matches makes the subject count in that state (a dated fact, in force from the
 * date until the subject's next state change, which the projection sets: `validTo` null here),
 * none matching or an `ends` source means the subject counts nowhere from that date. So a
 * learner verified then found a mismatch is not verified from the second check on, and a
 * learner enrolled then gone is on roll until the departure.
 */
import type { EventEnvelope } from '@qn/contracts';
import type { Catalogue, PeriodSource, SourceMapping, WhereCondition } from './catalogue/catalogue';
import {
  IsoDate,
  localDate,
  PeriodType,
  isIsoDate,
  parsePeriodOfType,
  periodContaining,
} from './periods';

/**
 * Codes already found valid, per type: thousands of events per second name the same few
 * school years, and parsing one (calendar dates included) was 7 % of the projection's CPU.
 */
const validPeriodCodes = new Map<string, Set<string>>();

function checkPeriodCode(type: PeriodType, code: string, where: string): void {
  let valid = validPeriodCodes.get(type);
  if (valid?.has(code)) return;
  try {
    parsePeriodOfType(type, code);
  } catch (e) {
    throw new FactError(`${where}: period '${code}': ${(e as Error).message}`);
  }
  if (!valid) validPeriodCodes.set(type, (valid = new Set()));
  if (valid.size >= 10_000) valid.clear(); // a bound, should events ever name many
  valid.add(code);
}

/** Period code of dated facts (validity ranges resolved at query time). */
export const DATED = '*';

export interface FactDraft {
  element: string;
  /** Index of the source within the element (an element with several sources is their sum). */
  source: number;
  orgUnitId: string;
  /** A period code, or DATED. */
  period: string;
  /** For dated facts: in force from (inclusive) and to (exclusive, null = open). */
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  /** For dated facts: 'any' period type (master data) or 'as-of' only (cumulative events). */
  datedScope: 'any' | 'as-of' | null;
  /** null when the segment is the org unit's area segment (`segmentFromOrgUnit`). */
  segment: string | null;
  segmentFromOrgUnit: boolean;
  /** 1 for count and distinct, the field's value for sum. */
  value: number;
  /** The distinct value for `how: distinct`, else null. */
  distinct: string | null;
}

export interface CompiledSource {
  element: string;
  index: number;
  mapping: SourceMapping;
  /** Period types of the indicators reading the element (for timestamp/date sources). */
  periodTypes: PeriodType[];
  /** The array the source expands (`bySchool[]`), or null. */
  expansion: string | null;
}

export interface CompiledProjection {
  /** `type@version` → sources fed by that event. */
  byEvent: Map<string, CompiledSource[]>;
  /** Elements whose values are distinct counts (recomputed, not added). */
  distinctElements: Set<string>;
  /** Elements counting subjects by their latest state (`how: latest` / `ends`). */
  stateElements: Set<string>;
  /** Event types that feed at least one element. */
  eventTypes: string[];
  /** A stable fingerprint of the mapping: a change means a back-fill is due. */
  fingerprint: string;
}

/** Raised for an event whose values cannot be projected (it goes to the DLQ with the reason). */
export class FactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FactError';
  }
}

const key = (type: string, version: number) => `${type}@${version}`;

function expansionOf(m: SourceMapping): string | null {
  const paths = [
    m.field,
    m.orgUnit,
    m.period.kind === 'validity' ? m.period.validFrom : m.period.field,
    m.period.kind === 'validity' ? m.period.validTo : null,
    m.segment.kind === 'field' ? m.segment.field : null,
    ...m.where.map((w) => w.field),
  ];
  for (const p of paths) {
    if (!p) continue;
    const i = p.indexOf('[]');
    if (i >= 0) return p.slice(0, i + 2);
  }
  return null;
}

export function compileProjection(catalogue: Catalogue): CompiledProjection {
  const typesByElement = new Map<string, Set<PeriodType>>();
  for (const ind of catalogue.indicators)
    for (const el of ind.elements) {
      const s = typesByElement.get(el) ?? new Set<PeriodType>();
      s.add(ind.periodType);
      typesByElement.set(el, s);
    }
  const byEvent = new Map<string, CompiledSource[]>();
  const distinctElements = new Set<string>();
  const stateElements = new Set<string>();
  const fp: string[] = [];
  for (const [name, el] of [...catalogue.dataElements].sort(([a], [b]) => a.localeCompare(b))) {
    el.sources.forEach((mapping, index) => {
      if (mapping.how === 'distinct') distinctElements.add(name);
      if (mapping.how === 'latest' || mapping.how === 'ends') stateElements.add(name);
      const list = byEvent.get(key(mapping.event, mapping.version)) ?? [];
      const periodTypes = [...(typesByElement.get(name) ?? [])].sort();
      list.push({ element: name, index, mapping, periodTypes, expansion: expansionOf(mapping) });
      byEvent.set(key(mapping.event, mapping.version), list);
      const { line: _line, ...rest } = mapping;
      fp.push(JSON.stringify([name, index, rest, periodTypes]));
    });
  }
  return {
    byEvent,
    distinctElements,
    stateElements,
    eventTypes: [...new Set([...byEvent.values()].flat().map((s) => s.mapping.event))].sort(),
    fingerprint: fnv1a(fp.join('\n')),
  };
}

function fnv1a(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

type Json = unknown;

function walk(value: Json, parts: string[]): Json {
  let cur = value;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, Json>)[p];
  }
  return cur;
}

/** Reads a field path for one item of the source's expansion (or the event when none). */
function read(event: EventEnvelope, path: string, expansion: string | null, item: Json): Json {
  if (expansion && path.startsWith(expansion)) {
    const rest = path.slice(expansion.length);
    if (rest === '') return item;
    return walk(item, rest.slice(1).split('.'));
  }
  const parts = path.split('.');
  if (parts[0] === 'envelope') return walk(event, parts.slice(1));
  return walk(event.data, parts);
}

function matches(w: WhereCondition, v: Json): boolean {
  switch (w.op) {
    case 'eq':
      return v === w.value;
    case 'in':
      return w.values.includes(v as string);
    case 'ne':
      return v !== w.value;
    case 'gt':
      return typeof v === 'number' && v > w.value;
    case 'gte':
      return typeof v === 'number' && v >= w.value;
    case 'lt':
      return typeof v === 'number' && v < w.value;
    case 'lte':
      return typeof v === 'number' && v <= w.value;
  }
}

function itemsOf(event: EventEnvelope, expansion: string | null): Json[] {
  if (!expansion) return [undefined];
  const arr = read(event, expansion.slice(0, -2), null, undefined);
  if (arr === undefined || arr === null) return [];
  if (!Array.isArray(arr)) throw new FactError(`'${expansion.slice(0, -2)}' is not an array`);
  return arr;
}

function str(v: Json, what: string): string {
  if (typeof v !== 'string' || v.length === 0)
    throw new FactError(`${what} is missing or not a string`);
  return v;
}

/** The facts one event contributes (empty when no element is fed by it). */
export function extractFacts(projection: CompiledProjection, event: EventEnvelope): FactDraft[] {
  const sources = projection.byEvent.get(key(event.type, event.version));
  if (!sources) return [];
  const out: FactDraft[] = [];
  for (const s of sources) {
    const m = s.mapping;
    if (m.how === 'ends') continue; // a state change only (extractStates)
    const where = `${s.element} (source ${s.index + 1})`;
    for (const item of itemsOf(event, s.expansion)) {
      const get = (path: string) => read(event, path, s.expansion, item);
      if (!m.where.every((w) => matches(w, get(w.field)))) continue;
      const orgUnitId = str(get(m.orgUnit), `${where}: org unit '${m.orgUnit}'`);
      const { value, distinct } = measure(m, get, where);
      let segment: string | null = null;
      if (m.segment.kind === 'field')
        segment = str(get(m.segment.field), `${where}: segment '${m.segment.field}'`);
      const base = {
        element: s.element,
        source: s.index,
        orgUnitId,
        segment,
        segmentFromOrgUnit: m.segment.kind === 'org-unit',
        value,
        distinct,
      };
      if (m.how === 'latest') {
        // In force from its date; the projection ends it at the subject's next state change.
        const validFrom = stateDate(m, get, where);
        out.push({ ...base, period: DATED, validFrom, validTo: null, datedScope: 'any' });
      } else out.push(...periodFacts(s, get, where, base));
    }
  }
  return out;
}

/** A state change of a subject in a latest-state element: on `date`, by the event. */
export interface StateChange {
  element: string;
  subject: string;
  date: IsoDate;
}

/** The day a latest/ends source's event changes its subject's state. */
function stateDate(m: SourceMapping, get: Get, where: string): IsoDate {
  const p = m.period;
  if (p.kind !== 'date' && p.kind !== 'timestamp')
    throw new FactError(`${where}: how: ${m.how} needs a date or timestamp period`);
  const raw = str(get(p.field), `${where}: '${p.field}'`);
  if (p.kind === 'date') {
    if (!isIsoDate(raw)) throw new FactError(`${where}: '${p.field}' is not a date`);
    return raw;
  }
  if (Number.isNaN(Date.parse(raw)))
    throw new FactError(`${where}: '${p.field}' is not a timestamp`);
  return localDate(raw);
}

/**
 * The state changes an event makes in latest-state elements, one per element and subject:
 * every event of a `latest` source's type (whether its `where` matches or not: a mismatch after
 * a verification is a new state), and every event an `ends` source's `where` matches.
 */
export function extractStates(projection: CompiledProjection, event: EventEnvelope): StateChange[] {
  const sources = projection.byEvent.get(key(event.type, event.version));
  if (!sources) return [];
  const out = new Map<string, StateChange>();
  for (const s of sources) {
    const m = s.mapping;
    if (m.how !== 'latest' && m.how !== 'ends') continue;
    const where = `${s.element} (source ${s.index + 1})`;
    for (const item of itemsOf(event, s.expansion)) {
      const get = (path: string) => read(event, path, s.expansion, item);
      if (m.how === 'ends' && !m.where.every((w) => matches(w, get(w.field)))) continue;
      const subject = measure(m, get, where).distinct!;
      const k = JSON.stringify([s.element, subject]);
      if (!out.has(k)) out.set(k, { element: s.element, subject, date: stateDate(m, get, where) });
    }
  }
  return [...out.values()];
}

type Get = (path: string) => Json;
type FactBase = Omit<FactDraft, 'period' | 'validFrom' | 'validTo' | 'datedScope'>;

/** What one item counts: 1 (count), its amount (sum), or 1 with its distinct value. */
function measure(
  m: SourceMapping,
  get: Get,
  where: string,
): { value: number; distinct: string | null } {
  if (m.how === 'sum') {
    const raw = get(m.field!);
    // Integer-đồng decimal strings (payments) are exact as numbers up to 2^53 đồng per event.
    const v = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (typeof raw === 'string' && !Number.isSafeInteger(v))
    )
      throw new FactError(`${where}: '${m.field}' is not a number: ${JSON.stringify(raw)}`);
    if (v < 0) throw new FactError(`${where}: '${m.field}' is negative: ${v}`);
    return { value: v, distinct: null };
  }
  if (m.how === 'distinct' || m.how === 'latest' || m.how === 'ends') {
    const v = get(m.field!);
    if (v === undefined || v === null)
      throw new FactError(
        `${where}: '${m.field}' is missing for ${m.how === 'distinct' ? 'a distinct count' : 'a subject'}`,
      );
    return { value: 1, distinct: typeof v === 'string' ? v : JSON.stringify(v) };
  }
  return { value: 1, distinct: null };
}

/** The item's facts by its period source: a period code, a validity span, or a date. */
function periodFacts(s: CompiledSource, get: Get, where: string, base: FactBase): FactDraft[] {
  const p = s.mapping.period;
  if (p.kind === 'code') {
    // A calendar year's code is its number: an integer field (a graduation year) names it too.
    const rawCode = get(p.field);
    const code =
      p.type === 'calendar-year' && Number.isInteger(rawCode)
        ? String(rawCode)
        : str(rawCode, `${where}: period '${p.field}'`);
    checkPeriodCode(p.type, code, where);
    return [{ ...base, period: code, validFrom: null, validTo: null, datedScope: null }];
  }
  if (p.kind === 'validity') return [validityFact(p, get, where, base)];
  const raw = str(get(p.field), `${where}: '${p.field}'`);
  let date: IsoDate;
  if (p.kind === 'date') {
    if (!isIsoDate(raw)) throw new FactError(`${where}: '${p.field}' is not a date`);
    date = raw;
  } else {
    if (Number.isNaN(Date.parse(raw)))
      throw new FactError(`${where}: '${p.field}' is not a timestamp`);
    date = localDate(raw);
  }
  return datedFacts(s.periodTypes, date, base);
}

/** A fact in force from one date to another (or on): dated, read by `as of` queries. */
function validityFact(
  p: Extract<PeriodSource, { kind: 'validity' }>,
  get: Get,
  where: string,
  base: FactBase,
): FactDraft {
  const from = str(get(p.validFrom), `${where}: '${p.validFrom}'`);
  const to = get(p.validTo);
  if (!isIsoDate(from)) throw new FactError(`${where}: '${p.validFrom}' is not a date`);
  if (to !== null && to !== undefined && (typeof to !== 'string' || !isIsoDate(to)))
    throw new FactError(`${where}: '${p.validTo}' is not a date`);
  if (typeof to === 'string' && to <= from)
    throw new FactError(`${where}: in force from ${from} to ${to}: ends before it starts`);
  return {
    ...base,
    period: DATED,
    validFrom: from,
    validTo: typeof to === 'string' ? to : null,
    datedScope: 'any',
  };
}

/** A dated item counts in the period of each type containing its date (`as-of`: from that date on). */
function datedFacts(
  types: CompiledSource['periodTypes'],
  date: IsoDate,
  base: FactBase,
): FactDraft[] {
  const out: FactDraft[] = [];
  for (const type of types) {
    if (type === 'as-of') {
      out.push({ ...base, period: DATED, validFrom: date, validTo: null, datedScope: 'as-of' });
      continue;
    }
    const period = periodContaining(type, date);
    if (period)
      out.push({ ...base, period: period.code, validFrom: null, validTo: null, datedScope: null });
  }
  return out;
}
