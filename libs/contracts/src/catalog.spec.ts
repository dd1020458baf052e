import { EventTypes, Topics, platformCatalog } from './platform-catalog';
import { newEvent, causedBy } from './envelope';
import { OrgUnitChangedV1 } from './events/registry';

const unit = (over: Partial<OrgUnitChangedV1> = {}): OrgUnitChangedV1 => ({
  id: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8d',
  code: 'QN-S-THPT-0001',
  kind: 'school',
  name: 'Trường THPT Hòn Gai',
  parentId: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8e',
  validFrom: '2000-09-05',
  validTo: null,
  successorIds: [],
  versions: [
    {
      validFrom: '2000-09-05',
      validTo: null,
      parentId: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8e',
      name: 'Trường THPT Hòn Gai',
    },
  ],
  school: { levels: ['upper-secondary'], segment: 'urban', ownership: 'public' },
  revision: 1,
  ...over,
});

const event = (data: unknown) =>
  newEvent({
    ...EventTypes.orgUnitChanged,
    source: 'registry',
    subjectId: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8d',
    data,
  });

describe('event catalogue', () => {
  it('accepts a valid org-unit event and routes it to the compacted topic keyed by unit id', () => {
    const e = event(unit());
    expect(platformCatalog.validate(e)).toEqual({ ok: true, event: e });
    expect(platformCatalog.route(e)).toEqual({ topic: Topics.registryOrgUnits, key: e.subjectId });
    expect(platformCatalog.topic(Topics.registryOrgUnits).compacted).toBe(true);
  });

  it('builds envelopes with UUIDv7 ids, UTC timestamps and a correlation chain', () => {
    const first = event(unit());
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(first.occurredAt.endsWith('Z')).toBe(true);
    expect(first.correlationId).toBe(first.id);
    const next = causedBy(first, {
      ...EventTypes.orgUnitChanged,
      source: 'registry',
      subjectId: first.subjectId,
      data: unit({ revision: 2 }),
    });
    expect(next.correlationId).toBe(first.id);
    expect(next.causationId).toBe(first.id);
  });

  it('names the failing fields of invalid data', () => {
    const result = platformCatalog.validate(
      event(unit({ kind: 'district-office' as never, revision: 0 })),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(['/data/kind', '/data/revision']);
  });

  it('rejects an unknown property, an unknown type and a broken envelope', () => {
    const extra = platformCatalog.validate(event({ ...unit(), nationalId: '012345678901' }));
    expect(extra).toMatchObject({
      ok: false,
      issues: [{ path: '/data', message: "must not have property 'nationalId'" }],
    });
    const unknown = platformCatalog.validate({
      ...event(unit()),
      type: 'registry.org-unit.deleted',
    });
    expect(unknown).toMatchObject({ ok: false, issues: [{ path: '/type' }] });
    const broken = platformCatalog.validate({
      ...event(unit()),
      id: 'not-a-uuid',
      occurredAt: '2025-01-01T07:00:00+07:00',
    });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues.map((i) => i.path).sort()).toEqual(['/id', '/occurredAt']);
    expect(platformCatalog.validate('{"not":"an object"}').ok).toBe(false);
  });

  it('throws a typed error from assertValid', () => {
    expect(() => platformCatalog.assertValid(event(unit({ code: '' })))).toThrow(
      /invalid event registry.org-unit.changed: \/data\/code/,
    );
  });
});
