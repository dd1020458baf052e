import { AreaSegment, EventEnvelope, newEvent, OrgUnitChangedV1, SchoolLevel } from '@qn/contracts';

/**
 * A `registry.org-unit.changed` event as the registry publishes it, for tests that build a
 * service's copy of the org tree without running the registry.
 */
export function orgUnitChanged(
  id: string,
  kind: OrgUnitChangedV1['kind'],
  parentId: string | null,
  levels: SchoolLevel[] = ['primary'],
  opts: {
    segment?: AreaSegment;
    /** The unit's dated places, oldest first (default: one, from 2025-07-01). */
    versions?: OrgUnitChangedV1['versions'];
    revision?: number;
  } = {},
): EventEnvelope<OrgUnitChangedV1> {
  const versions = opts.versions ?? [
    { validFrom: '2025-07-01', validTo: null, parentId, name: `Unit ${id.slice(-4)}` },
  ];
  const current = versions[versions.length - 1]!;
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
      name: current.name,
      parentId: current.parentId,
      validFrom: versions[0]!.validFrom,
      validTo: null,
      successorIds: [],
      versions,
      school:
        kind === 'school'
          ? { levels, segment: opts.segment ?? 'urban', ownership: 'public' }
          : null,
      revision: opts.revision ?? 1,
    },
  });
}
