import { EventEnvelope, platformCatalog } from '@qn/contracts';
import { isNewer, SUBJECT_RULES, subjectKeysOf } from './subjects';

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
