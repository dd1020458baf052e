/**
 * A student's enrolment history as enrollment's events change it (pure). Enrolments are the
 * half-open ranges [from, until) of `fees.ts`; the student is at one school at a time.
 *
 * - `recordEnrolment`: a `student.enrolled` (admission, transfer, roster import, promotion,
 *   repetition) starts an enrolment on `enrolledOn`. The enrolment running that day ends there
 *   (a transfer), unless it is at the same school and level: then the student simply stays (a
 *   roster import confirming an admitted student, a promotion within the level), and nothing
 *   changes. An enrolment already known from a later date bounds the new one (a roster import of
 *   the current year arriving after next year's admission).
 * - `endEnrolment`: a transfer or a departure ends the enrolment at a school on a date (that day
 *   excluded).
 */
import { compareDates, IsoDate } from '../../shared/money';
import { Enrolment } from './fees';

export type EnrolmentChange =
  | { kind: 'changed'; enrolments: Enrolment[]; latest: boolean }
  | { kind: 'unchanged' }
  | { kind: 'refused'; reason: string };

const byFrom = (a: Enrolment, b: Enrolment) => compareDates(a.from, b.from);

/** The enrolment running on `date` (started before or on it, not ended by it). */
const runningOn = (e: Enrolment, date: IsoDate) =>
  compareDates(e.from, date) <= 0 && (e.until === undefined || compareDates(date, e.until) < 0);

/**
 * The history with `next` recorded. `latest` says whether it is the student's current
 * enrolment (nothing known after it), i.e. whether the account's school, grade and year follow.
 */
export function recordEnrolment(history: readonly Enrolment[], next: Enrolment): EnrolmentChange {
  const { schoolId, from } = next;
  if (history.some((x) => x.schoolId === schoolId && x.from === from)) return { kind: 'unchanged' };
  const sameDay = history.find((x) => x.from === from);
  if (sameDay)
    return {
      kind: 'refused',
      reason: `enrolment-overlap: already enrolled at ${sameDay.schoolId} from ${from}, not at ${schoolId}`,
    };
  const running = history.find((x) => runningOn(x, from));
  if (running && running.schoolId === schoolId && running.level === next.level)
    return { kind: 'unchanged' };
  const later = history.filter((x) => compareDates(x.from, from) > 0).sort(byFrom)[0];
  const added: Enrolment = later
    ? { ...next, until: later.from }
    : (({ until: _u, ...open }) => open)(next);
  const enrolments = history
    .map((x) => (x === running ? { ...x, until: from } : x))
    .concat(added)
    .sort(byFrom);
  return { kind: 'changed', enrolments, latest: later === undefined };
}

/**
 * The history with the enrolment at `schoolId` running before `date` ended on `date`.
 * `unchanged` when it already ends there (a redelivery, or the transfer's enrolment at the new
 * school came first); `refused` when the student was never at that school before `date`.
 */
export function endEnrolment(
  history: readonly Enrolment[],
  schoolId: string,
  date: IsoDate,
): EnrolmentChange {
  const running = history.find(
    (x) =>
      x.schoolId === schoolId &&
      compareDates(x.from, date) < 0 &&
      (x.until === undefined || compareDates(date, x.until) < 0),
  );
  if (running)
    return {
      kind: 'changed',
      enrolments: history.map((x) => (x === running ? { ...x, until: date } : x)),
      latest: history.every((x) => compareDates(x.from, running.from) <= 0),
    };
  const atSchool = history.filter((x) => x.schoolId === schoolId);
  if (atSchool.some((x) => x.until !== undefined && compareDates(x.until, date) <= 0))
    return { kind: 'unchanged' };
  return {
    kind: 'refused',
    reason: atSchool.length
      ? `not-enrolled: no enrolment at ${schoolId} running before ${date}`
      : `not-enrolled: never enrolled at ${schoolId}`,
  };
}
