import { EventEnvelope, platformCatalog } from '@qn/contracts';
import { isNewer, SUBJECT_RULES, subjectKeysOf, timelineEnds } from './subjects';

/**
 * Every event of one subject (a superseding event and its retractions) goes to one topic, keyed
 * by the subject, so to one partition: the projection sees them in publication order, one chunk
 * at a time, and only one transaction at a time decides about the subject.
 */
describe('subject rules and the topics of their events', () => {
  const routeOf = (type: string, subjectId: string) =>
    platformCatalog.route({ type, version: 1, subjectId, source: 's' } as EventEnvelope);

  it.each(Object.entries(SUBJECT_RULES))(
    '%s: every event of one subject goes to one topic, keyed by the subject',
    (type, rule) => {
      const subjectId = '0190a000-0000-7000-8000-000000000001';
      const own = routeOf(type, subjectId);
      expect(own.key).toBe(subjectId);
      for (const retracted of rule.retracts ?? []) {
        const other = platformCatalog.route({
          type: retracted.type,
          version: retracted.version,
          subjectId,
          source: 's',
        } as EventEnvelope);
        expect(other).toEqual(own);
      }
    },
  );

  it('orders events of a subject by time, then id, and names the keys they replace', () => {
    const a = { occurredAt: '2025-07-01T00:00:00.000Z', eventId: 'a' };
    const b = { occurredAt: '2025-07-01T00:00:00.000Z', eventId: 'b' };
    expect(isNewer(b, a)).toBe(true);
    expect(isNewer(a, b)).toBe(false);
    expect(isNewer(a, a)).toBe(false); // the same event again is not newer: a no-op
    expect(isNewer(a, undefined)).toBe(true);
    expect(subjectKeysOf('enrollment.application.withdrawn', 'x')).toEqual({
      keys: ['enrollment.application.recorded:x'],
      retract: true,
    });
    expect(subjectKeysOf('payments.payment.received', 'x')).toEqual({ keys: [], retract: false });
  });
});

describe('timelines of latest-state elements', () => {
  const row = (element: string, subject: string, changed_on: string, event_id: string) => ({
    element,
    subject,
    changed_on,
    event_id,
  });

  it('each state ends where the next state of the same element and subject begins', () => {
    expect(
      timelineEnds([
        row('learners.id_verified', 'L1', '2025-10-01', 'e1'), // verified
        row('learners.id_verified', 'L1', '2025-11-03', 'e2'), // mismatch
        row('learners.id_verified', 'L1', '2026-01-10', 'e3'), // verified again
        row('learners.id_verified', 'L2', '2025-10-01', 'e4'),
        row('learners.on_roll', 'L1', '2025-09-05', 'e5'),
      ]),
    ).toEqual([
      { element: 'learners.id_verified', eventId: 'e1', validTo: '2025-11-03' },
      { element: 'learners.id_verified', eventId: 'e2', validTo: '2026-01-10' },
      { element: 'learners.id_verified', eventId: 'e3', validTo: null },
      { element: 'learners.id_verified', eventId: 'e4', validTo: null },
      { element: 'learners.on_roll', eventId: 'e5', validTo: null },
    ]);
  });

  it('two changes on one day: the first is never in force', () => {
    expect(
      timelineEnds([row('e', 'L1', '2025-10-01', 'a'), row('e', 'L1', '2025-10-01', 'b')]),
    ).toEqual([
      { element: 'e', eventId: 'a', validTo: '2025-10-01' },
      { element: 'e', eventId: 'b', validTo: null },
    ]);
  });
});
