/**
 * How later events of the same subject (envelope `subjectId`) change earlier facts: the one
 * piece of event semantics the catalogue cannot say, kept here as data about the contracts.
 *
 * - `supersedes`: the event carries the full current state of its subject (a registry unit, a
 *   closed round's final counts, an application's latest revision): its facts replace those of
 *   the previous event of the same type and subject, wherever they were (an amendment that
 *   moves an application to another school or school year adjusts both periods).
 * - `retracts`: the event cancels the facts of its subject's events of the listed types (an
 *   application withdrawn after it was recorded).
 * - `definesOrgUnit`: the event's org unit is the event itself (never parked as unknown).
 * Any other event type accumulates: each event adds its own facts, once (by event id).
 *
 * Order between events of one subject is (occurredAt, id): a late event older than the one
 * applied changes nothing, whichever arrives first.
 */
export interface SubjectRule {
  supersedes?: boolean;
  retracts?: Array<{ type: string; version: number }>;
  definesOrgUnit?: boolean;
}

export const SUBJECT_RULES: Readonly<Record<string, SubjectRule>> = {
  'registry.org-unit.changed': { supersedes: true, definesOrgUnit: true },
  'enrollment.round.closed': { supersedes: true },
  'enrollment.application.recorded': { supersedes: true },
  // A register's coverage is its full state (compacted topic): the latest replaces, never adds.
  'credentials.register.coverage-changed': { supersedes: true },
  'enrollment.application.withdrawn': {
    retracts: [{ type: 'enrollment.application.recorded', version: 1 }],
  },
};

export interface SubjectState {
  occurredAt: string;
  eventId: string;
}

/** Whether an event (occurredAt, id) comes after the subject's last applied one. */
export function isNewer(event: SubjectState, last: SubjectState | undefined): boolean {
  if (!last) return true;
  const a = Date.parse(event.occurredAt);
  const b = Date.parse(last.occurredAt);
  if (a !== b) return a > b;
  return event.eventId > last.eventId;
}

/** The subject keys an event replaces or retracts (empty: it only adds facts). */
export function subjectKeysOf(
  type: string,
  subjectId: string,
): {
  keys: string[];
  retract: boolean;
} {
  const rule = SUBJECT_RULES[type];
  if (rule?.supersedes) return { keys: [`${type}:${subjectId}`], retract: false };
  if (rule?.retracts)
    return { keys: rule.retracts.map((t) => `${t.type}:${subjectId}`), retract: true };
  return { keys: [], retract: false };
}

/** Event types consumed only to retract others, for the given fed event types. */
export function retractingTypes(fed: readonly string[]): Array<{ type: string; version: number }> {
  const out: Array<{ type: string; version: number }> = [];
  for (const [type, rule] of Object.entries(SUBJECT_RULES)) {
    if (rule.retracts?.some((t) => fed.includes(t.type)) && !fed.includes(type))
      out.push({ type, version: 1 });
  }
  return out;
}

/**
 * Where each state of ordered timelines ends: the next state's date of the same element and
 * subject, or never (null). Two changes on one day: the earlier ends the day it begins, so only
 * the later one is ever in force.
 */
export function timelineEnds(
  ordered: ReadonlyArray<{
    element: string;
    subject: string;
    changed_on: string;
    event_id: string;
  }>,
): Array<{ element: string; eventId: string; validTo: string | null }> {
  return ordered.map((r, i) => {
    const next = ordered[i + 1];
    const same = next && next.element === r.element && next.subject === r.subject;
    return { element: r.element, eventId: r.event_id, validTo: same ? next.changed_on : null };
  });
}
