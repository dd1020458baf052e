import { EventEnvelope, newEvent, OrgUnitChangedV1, SchoolLevel } from '@qn/contracts';

/**
 * A `registry.org-unit.changed` event as the registry publishes it, for tests that build a
 * service's copy of the org tree without running the registry.
 */
export function orgUnitChanged(
  id: string,
  kind: OrgUnitChangedV1['kind'],
  parentId: string | null,
  levels: SchoolLevel[] = ['primary'],
): EventEnvelope<OrgUnitChangedV1> {
  const name = `Unit ${id.slice(-4)}`;
  return newEvent({
    type: 'registry.org-unit.changed',
    version: 1,
    source: 'registry',
    subjectId: id,
    orgUnitId: id,
    data: {
      id,
      code: `U-${id.slice(-6)}`,
      kind,
      name,
      parentId,
      validFrom: '2025-07-01',
      validTo: null,
      successorIds: [],
      versions: [{ validFrom: '2025-07-01', validTo: null, parentId, name }],
      school: kind === 'school' ? { levels, segment: 'urban', ownership: 'public' } : null,
      revision: 1,
    },
  });
}
