import { EventCatalog } from './catalog';
import { orgUnitChangedV1Schema, schoolYearChangedV1Schema } from './events/registry';

/** Topic names of the platform: the one place they are spelled. */
export const Topics = {
  registryOrgUnits: 'registry.org-unit.v1',
  registrySchoolYears: 'registry.school-year.v1',
} as const;

/** Event types of the platform with the version producers currently publish. */
export const EventTypes = {
  orgUnitChanged: { type: 'registry.org-unit.changed', version: 1 },
  schoolYearChanged: { type: 'registry.school-year.changed', version: 1 },
} as const;

/** Builds the platform's event catalogue: every topic and every (type, version). */
export function buildPlatformCatalog(): EventCatalog {
  return new EventCatalog()
    .addTopic({
      name: Topics.registryOrgUnits,
      description: 'Organisation units (province, communes/wards/special zones, former districts, schools) with effective dates. Compacted: the latest event per unit is its full state.',
      partitions: 3,
      compacted: true,
      keyOf: (e) => e.subjectId,
      keyDescription: 'org unit id (= subjectId)',
    })
    .addTopic({
      name: Topics.registrySchoolYears,
      description: 'School years and their terms. Compacted by school year id.',
      partitions: 1,
      compacted: true,
      keyOf: (e) => e.subjectId,
      keyDescription: 'school year id (= subjectId)',
    })
    .addEvent({
      ...EventTypes.orgUnitChanged,
      topic: Topics.registryOrgUnits,
      description: 'An organisation unit was created or changed; carries its full current state and timeline.',
      schema: orgUnitChangedV1Schema,
    })
    .addEvent({
      ...EventTypes.schoolYearChanged,
      topic: Topics.registrySchoolYears,
      description: 'A school year or its terms were created or changed; carries the full state.',
      schema: schoolYearChangedV1Schema,
    });
}

export const platformCatalog = buildPlatformCatalog();
