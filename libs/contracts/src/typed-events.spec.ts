/**
 * The type-level map from EventTypes to payloads. Jest (SWC) strips types, so the assertions
 * below are checked by compiling this file with the TypeScript compiler (last test; also by
 * `npm run lint`).
 */
import { join } from 'node:path';
import * as ts from 'typescript';
import * as enrollment from './events/enrollment';
import * as payments from './events/payments';
import * as registry from './events/registry';
import * as roster from './events/roster';
import * as learnerIdentity from './events/learner-identity';
import * as records from './events/records';
import * as credentials from './events/credentials';
import { contractsIn } from './contract';
import { EventEnvelope, newEvent } from './envelope';
import { EventTypes, platformCatalog, PreviousEventTypes } from './platform-catalog';
import {
  EventData,
  EventPayload,
  isEventOf,
  newTypedEvent,
  PlatformEvent,
  typedEventCausedBy,
  PlatformEventType,
  TypedEvent,
} from './typed-events';
import {
  ApplicationSubmittedV1,
  ApplicationSubmittedV2,
  InvoiceIssuedV1,
  OrgUnitChangedV1,
  StudentEnrolledV1,
  StudentEnrolledV2,
} from './index';

/** True when A and B are the same type (not merely assignable). */
type Equals<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | void => undefined;

// The payload of an EventTypes entry, by the constant or by type and version.
assertType<Equals<EventPayload<typeof EventTypes.studentEnrolled>, StudentEnrolledV2>>();
assertType<Equals<EventData<'enrollment.student.enrolled', 2>, StudentEnrolledV2>>();
// A version producers no longer publish keeps its own payload type.
assertType<Equals<EventData<'enrollment.student.enrolled', 1>, StudentEnrolledV1>>();
assertType<Equals<EventPayload<typeof PreviousEventTypes.studentEnrolledV1>, StudentEnrolledV1>>();
assertType<Equals<EventData<'registry.org-unit.changed'>, OrgUnitChangedV1>>();
assertType<Equals<EventPayload<typeof EventTypes.invoiceIssued>, InvoiceIssuedV1>>();
assertType<Equals<EventPayload<typeof EventTypes.applicationSubmitted>, ApplicationSubmittedV2>>();
assertType<
  Equals<EventPayload<typeof PreviousEventTypes.applicationSubmittedV1>, ApplicationSubmittedV1>
>();

// EventTypes stays `{ type, version }` with literal types (what a handler pattern matches).
assertType<
  Equals<
    typeof EventTypes.studentEnrolled,
    { readonly type: 'enrollment.student.enrolled'; readonly version: 2 }
  >
>();

// The types keep what the schema says: literals, nullability, optional fields.
assertType<Equals<StudentEnrolledV2['className'], string | null>>();
assertType<Equals<StudentEnrolledV2['segment'], registry.AreaSegment>>();
assertType<Equals<enrollment.RoundClosedV1['grade'], 1 | 6 | 10>>();
assertType<Equals<ApplicationSubmittedV1['bonusPoints'], number | undefined>>();
assertType<Equals<InvoiceIssuedV1['currency'], 'VND'>>();

// A typed envelope is an EventEnvelope of its payload (what a NestJS handler may declare).
const typed = (
  e: TypedEvent<typeof EventTypes.studentEnrolled>,
): EventEnvelope<StudentEnrolledV2> => e;
assertType<
  Equals<TypedEvent<typeof EventTypes.studentEnrolled>['type'], 'enrollment.student.enrolled'>
>();

// Unknown types and versions do not compile.
// @ts-expect-error not an event type of the platform
export type Unknown = EventData<'enrollment.student.expelled', 1>;
// @ts-expect-error no version 3 is declared
export type NoV3 = EventData<'enrollment.student.enrolled', 3>;
// @ts-expect-error not an EventTypes value
export type NotARef = EventPayload<{ type: 'x.y'; version: 1 }>;

// PlatformEvent narrows by type.
const segmentOf = (e: PlatformEvent): string | undefined => {
  switch (e.type) {
    case 'enrollment.student.enrolled':
      return e.data.segment;
    case 'payments.payment.received':
      return e.data.segment;
    default:
      return undefined;
  }
};

const enrolled: StudentEnrolledV2 = {
  studentId: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8d',
  schoolId: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8e',
  grade: 6,
  classId: null,
  className: null,
  schoolYear: '2025-2026',
  segment: 'rural',
  reason: 'admission',
  enrolledOn: '2025-08-15',
};

// A producer's data is checked against the payload of the type it names.
export const badProducer = () =>
  newTypedEvent(EventTypes.guardianLinked, {
    source: 'enrollment',
    subjectId: 's',
    // @ts-expect-error `basis` is 'application' or 'import'
    data: { studentId: 's', guardianSubject: 'g', basis: 'roster', linkedAt: 'now' },
  });

describe('typed events', () => {
  it('declares every type and version once, and the catalogue registers each', () => {
    const declared = [
      registry,
      enrollment,
      payments,
      roster,
      learnerIdentity,
      records,
      credentials,
    ].flatMap((m) => contractsIn(m));
    const ids = declared.map((c) => `${c.type}@${c.version}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      platformCatalog
        .allEvents()
        .map((e) => `${e.type}@${e.version}`)
        .sort(),
    );
    // One current version per type in EventTypes, each of them declared.
    const current: PlatformEventType[] = Object.values(EventTypes).map((r) => r.type);
    expect(new Set(current).size).toBe(current.length);
    for (const r of Object.values(EventTypes)) expect(ids).toContain(`${r.type}@${r.version}`);
  });

  it('keeps EventTypes values plain { type, version } objects', () => {
    expect(EventTypes.studentEnrolled).toEqual({ type: 'enrollment.student.enrolled', version: 2 });
  });

  it('narrows an envelope by its EventTypes entry', () => {
    const e: EventEnvelope = newEvent({
      ...EventTypes.studentEnrolled,
      source: 'enrollment',
      subjectId: enrolled.studentId,
      data: enrolled,
    });
    expect(platformCatalog.validate(e).ok).toBe(true);
    if (!isEventOf(EventTypes.studentEnrolled, e)) throw new Error('not narrowed');
    expect(typed(e).data.segment).toBe('rural');
    expect(segmentOf(e)).toBe('rural');
    expect(isEventOf(EventTypes.transferCompleted, e)).toBe(false);
  });

  it('builds an envelope of the type and version it names', () => {
    const e = newTypedEvent(EventTypes.studentEnrolled, {
      source: 'enrollment',
      subjectId: enrolled.studentId,
      data: enrolled,
    });
    assertType<Equals<typeof e.data, StudentEnrolledV2>>();
    expect(e).toMatchObject({ type: 'enrollment.student.enrolled', version: 2, data: enrolled });
    expect(platformCatalog.validate(e).ok).toBe(true);
    const next = typedEventCausedBy(e, EventTypes.guardianLinked, {
      source: 'enrollment',
      subjectId: enrolled.studentId,
      data: {
        studentId: enrolled.studentId,
        guardianSubject: 'family-an',
        basis: 'application',
        linkedAt: '2025-08-15T01:00:00.000Z',
      },
    });
    expect(next).toMatchObject({ type: 'enrollment.guardian.linked', causationId: e.id });
    expect(platformCatalog.validate(next).ok).toBe(true);
  });

  it('type-checks (the assertions above)', () => {
    const configPath = join(__dirname, '..', '..', '..', 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const program = ts.createProgram([__filename], { ...config.options, noEmit: true });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  }, 120000);
});
