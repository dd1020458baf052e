import { kafkaAccess, parseOutsidePrincipals, topicsOfService } from './access';
import { newEvent } from './envelope';
import {
  EventTypes,
  OutsideRoles,
  platformCatalog,
  PlatformServices,
  Topics,
} from './platform-catalog';

const outsidePrincipals = {
  'portal-a': OutsideRoles.admissionPortal,
  'exam-board-qn': OutsideRoles.examBoard,
};
const grants = kafkaAccess(platformCatalog, { prefix: 'qa.', outsidePrincipals });
const of = (principal: string) =>
  grants
    .filter((g) => g.principal === principal)
    .map((g) => `${g.operation} ${g.resourceType}:${g.patternType}:${g.name}`)
    .sort();

describe('who may publish and read (Kafka ACLs and source rules)', () => {
  it('names the publishers of every event type and the readers of every topic', () => {
    for (const e of platformCatalog.allEvents()) expect(e.publishers?.length).toBeGreaterThan(0);
    const services = Object.values(PlatformServices) as string[];
    for (const t of platformCatalog.allTopics())
      for (const c of t.consumers ?? []) expect(services).toContain(c);
  });

  it('lets an admission portal only write (and describe) its intake topic', () => {
    expect(of('portal-a')).toEqual([
      `describe topic:literal:qa.${Topics.enrollmentApplicationIntake}`,
      `write topic:literal:qa.${Topics.enrollmentApplicationIntake}`,
    ]);
    expect(of('exam-board-qn')).toEqual([
      `describe topic:literal:qa.${Topics.enrollmentExamScoreIntake}`,
      `write topic:literal:qa.${Topics.enrollmentExamScoreIntake}`,
    ]);
  });

  it('lets a service write its own topics, read what it consumes, dead-letter it and use its groups', () => {
    const registry = of('registry');
    expect(registry).toContain(`write topic:literal:qa.${Topics.registryOrgUnits}`);
    expect(registry).toContain('all group:prefixed:qa.registry.');
    expect(registry.filter((g) => g.startsWith('read '))).toEqual([]);
    const payments = of('payments');
    expect(payments).toContain(`read topic:literal:qa.${Topics.enrollmentStudents}`);
    expect(payments).toContain(`write topic:literal:qa.${Topics.enrollmentStudents}.dlq`);
    expect(payments).toContain(`read topic:literal:qa.${Topics.registryOrgUnits}`);
    expect(payments).not.toContain(`write topic:literal:qa.${Topics.enrollmentStudents}`);
    expect(payments).not.toContain(`read topic:literal:qa.${Topics.enrollmentApplicationIntake}`);
    // Personal identification numbers travel on the intake topics: only enrollment reads them.
    const intakeReaders = grants
      .filter((g) => g.operation === 'read' && g.name.includes('intake'))
      .map((g) => g.principal);
    expect([...new Set(intakeReaders)]).toEqual(['enrollment']);
  });

  it('lists the topics a service creates at start: exactly those its ACLs cover', () => {
    expect(topicsOfService(platformCatalog, 'registry', '').sort()).toEqual(
      [Topics.registryOrgUnits, Topics.registrySchoolYears].sort(),
    );
    expect(topicsOfService(platformCatalog, 'payments', 'x.')).toContain(
      `x.${Topics.enrollmentStudents}.dlq`,
    );
  });

  it('parses KAFKA_OUTSIDE_PRINCIPALS', () => {
    expect(parseOutsidePrincipals(' a=admission-portal, b=exam-board ,')).toEqual({
      a: 'admission-portal',
      b: 'exam-board',
    });
    expect(() => parseOutsidePrincipals('a')).toThrow(/principal=role/);
  });

  it('refuses an event whose source may not publish its type, without echoing odd values', () => {
    const ev = (
      source: string,
      type: { type: string; version: number } = EventTypes.orgUnitChanged,
    ) => newEvent({ ...type, source, subjectId: 'x', data: {} });
    expect(platformCatalog.sourceRefusal(ev('registry'))).toBeUndefined();
    expect(platformCatalog.sourceRefusal(ev('demo-portal'))).toBe(
      "registry.org-unit.changed v1 may not come from source 'demo-portal' (allowed: 'registry')",
    );
    expect(platformCatalog.sourceRefusal(ev('Nguyễn Văn A 012345678901'))).toContain(
      '(a value that is not a system name)',
    );
    const portal = { [OutsideRoles.admissionPortal]: ['portal-a'] };
    expect(
      platformCatalog.sourceRefusal(ev('portal-a', EventTypes.applicationSubmitted), portal),
    ).toBeUndefined();
    expect(
      platformCatalog.sourceRefusal(ev('registry', EventTypes.applicationSubmitted), portal),
    ).toMatch(/may not come from source 'registry' \(allowed: the admission-portal sources/);
    expect(
      platformCatalog.sourceRefusal(ev('portal-a', EventTypes.examScoresPublished), portal),
    ).toBeDefined();
  });
});
