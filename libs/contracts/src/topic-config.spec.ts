import { platformCatalog, Topics } from './platform-catalog';
import { deadLetterTopicConfig, retentionMs, topicConfig } from './topic-config';

describe('topic settings (retention, compaction)', () => {
  it('declares a retention for every platform topic', () => {
    for (const t of platformCatalog.allTopics()) expect(t.retention).toBeDefined();
  });

  it('keeps forever every topic the KPI projection or a replica replays', () => {
    for (const name of [
      Topics.registryOrgUnits,
      Topics.registrySchoolYears,
      Topics.enrollmentApplications,
      Topics.enrollmentRounds,
      Topics.enrollmentAdmissions,
      Topics.enrollmentStudents,
      Topics.paymentsInvoices,
      Topics.paymentsPayments,
      Topics.paymentsReconciliation,
    ])
      expect(topicConfig(platformCatalog.topic(name))['retention.ms']).toBe('-1');
  });

  it('keeps master data compacted and facts deleted only by retention', () => {
    expect(topicConfig(platformCatalog.topic(Topics.registryOrgUnits))).toEqual({
      'cleanup.policy': 'compact',
      'min.cleanable.dirty.ratio': '0.1',
      'retention.ms': '-1',
    });
    expect(topicConfig(platformCatalog.topic(Topics.enrollmentApplicationIntake))).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': String(7 * 86_400_000),
    });
    expect(deadLetterTopicConfig['retention.ms']).toBe(String(90 * 86_400_000));
  });

  it('refuses a retention that is not whole days', () => {
    expect(retentionMs()).toBe(-1);
    expect(() => retentionMs({ days: 0 })).toThrow(/whole number of days/);
    expect(() => retentionMs({ days: 1.5 })).toThrow(/whole number of days/);
  });
});
