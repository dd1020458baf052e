/**
 * The demo rounds' catchments (tuyến), pure: after the 2025 merger many communes and wards hold
 * several schools of a level, so there each school's catchment is some of the commune's
 * residential groups ("Khu 1", "Khu 2", … two per school, in the order of the schools' codes); a
 * commune with one school of the level keeps a whole-commune catchment. Grade 10 has none
 * (admission by exam). Applicants living in a divided commune name their residential group:
 * the group of their first wish when that school is in their commune, otherwise one of the
 * commune's groups by their position in the plan.
 */
export interface CatchmentSchool {
  id: string;
  code: string;
  parentId: string | null;
}

export interface DemoCatchment {
  catchmentOrgUnitIds: string[];
  catchmentLocalities: Array<{ orgUnitId: string; locality: string }>;
}

const GROUPS_PER_SCHOOL = 2;

export function demoCatchments(
  grade: number,
  schools: readonly CatchmentSchool[],
): Map<string, DemoCatchment> {
  const out = new Map<string, DemoCatchment>();
  const byCommune = new Map<string, CatchmentSchool[]>();
  for (const s of schools) {
    if (grade === 10 || !s.parentId)
      out.set(s.id, { catchmentOrgUnitIds: [], catchmentLocalities: [] });
    else byCommune.set(s.parentId, [...(byCommune.get(s.parentId) ?? []), s]);
  }
  for (const [commune, members] of byCommune) {
    if (members.length === 1) {
      out.set(members[0].id, { catchmentOrgUnitIds: [commune], catchmentLocalities: [] });
      continue;
    }
    [...members]
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .forEach((s, k) =>
        out.set(s.id, {
          catchmentOrgUnitIds: [],
          catchmentLocalities: Array.from({ length: GROUPS_PER_SCHOOL }, (_, j) => ({
            orgUnitId: commune,
            locality: `Khu ${k * GROUPS_PER_SCHOOL + j + 1}`,
          })),
        }),
      );
  }
  return out;
}

/** The residential group an applicant of the plan names, or undefined where the commune is whole. */
export function demoResidenceLocality(
  catchments: ReadonlyMap<string, DemoCatchment>,
  residenceOrgUnitId: string | null,
  firstWish: string,
  index: number,
): string | undefined {
  if (!residenceOrgUnitId) return undefined;
  const groups = [...catchments.values()]
    .flatMap((c) => c.catchmentLocalities)
    .filter((l) => l.orgUnitId === residenceOrgUnitId)
    .map((l) => l.locality);
  if (groups.length === 0) return undefined;
  const own = catchments
    .get(firstWish)
    ?.catchmentLocalities.find((l) => l.orgUnitId === residenceOrgUnitId);
  return own ? own.locality : groups[index % groups.length];
}
