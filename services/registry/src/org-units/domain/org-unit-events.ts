import { EventTypes, newEvent, OrgUnitChangedV1, EventEnvelope } from '@qn/contracts';
import { current, OrgUnitState } from './org-unit';

export const SOURCE = 'registry';

/** The full current state of a unit as `registry.org-unit.changed` v1 (compacted by unit id). */
export function orgUnitChanged(
  state: OrgUnitState,
  cause?: { correlationId?: string },
): EventEnvelope<OrgUnitChangedV1> {
  const now = current(state);
  return newEvent<OrgUnitChangedV1>({
    ...EventTypes.orgUnitChanged,
    source: SOURCE,
    subjectId: state.id,
    orgUnitId: state.id,
    correlationId: cause?.correlationId,
    data: {
      id: state.id,
      code: state.code,
      kind: state.kind,
      name: now.name,
      parentId: now.parentId,
      validFrom: state.validFrom,
      validTo: state.validTo,
      successorIds: state.successorIds,
      versions: state.versions,
      school: state.school,
      revision: state.revision,
    },
  });
}
