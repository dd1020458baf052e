import type { ApplicationRow } from '../../applications/application.repository';
import { applicationView } from '../../applications/application-view';
import type { OfferView } from '../../results/offer.repository';
import type { Round } from '../../rounds/round.repository';

/** A learner of the register whose guardian the family is, as stored (family.repository). */
export interface ChildRow {
  studentId: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  schoolId: string;
  grade: number;
  className: string | null;
  schoolYear: string;
}

export type ChildView = ChildRow & { schoolName: string | null };

const vietnamese = new Intl.Collator('vi', { sensitivity: 'base' });

/** The family's children, the eldest first; twins by name (Vietnamese alphabetical order). */
export function childrenView(
  rows: readonly ChildRow[],
  schoolName: (schoolId: string) => string | null,
): ChildView[] {
  return [...rows]
    .sort(
      (a, b) =>
        a.dateOfBirth.localeCompare(b.dateOfBirth) ||
        vietnamese.compare(a.fullName, b.fullName) ||
        a.studentId.localeCompare(b.studentId),
    )
    .map((c) => ({
      studentId: c.studentId,
      fullName: c.fullName,
      dateOfBirth: c.dateOfBirth,
      schoolId: c.schoolId,
      schoolName: schoolName(c.schoolId),
      grade: c.grade,
      className: c.className,
      schoolYear: c.schoolYear,
    }));
}

export interface FamilyApplicationsInput {
  /** What the family reaches (ApplicationRepository.ofFamily): its children's applications and its own claims. */
  applications: readonly ApplicationRow[];
  rounds: ReadonlyMap<string, Round>;
  /** By application id. */
  offers: ReadonlyMap<string, OfferView>;
  schoolName: (schoolId: string) => string | null;
}

/** The round as the family page shows it beside an application. */
export function roundSummary(r: Round) {
  return {
    id: r.id,
    name: r.name,
    schoolYear: r.schoolYear,
    grade: r.grade,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    resultsPublished: r.status === 'published',
  };
}

/**
 * The family's applications across rounds, the newest round first (school year, then opening
 * time), in the order submitted within a round; each in the family's view (its own claims as
 * any submitted application), with its round, its wished schools by name in wish order, and its
 * offer (null until results are published, or when not placed).
 */
export function familyApplicationsView(input: FamilyApplicationsInput) {
  const { rounds, offers, schoolName } = input;
  const withRound = input.applications.flatMap((a) => {
    const round = rounds.get(a.roundId);
    return round ? [{ a, round }] : [];
  });
  withRound.sort(
    (x, y) =>
      y.round.schoolYear.localeCompare(x.round.schoolYear) ||
      new Date(y.round.opensAt).getTime() - new Date(x.round.opensAt).getTime() ||
      y.round.id.localeCompare(x.round.id) ||
      new Date(x.a.submittedAt).getTime() - new Date(y.a.submittedAt).getTime() ||
      x.a.id.localeCompare(y.a.id),
  );
  return withRound.map(({ a, round }) => {
    const offer = offers.get(a.id);
    return {
      ...applicationView(a, 'family'),
      round: roundSummary(round),
      wishSchools: a.wishes.map((id) => ({ id, name: schoolName(id) })),
      offer: offer
        ? {
            id: offer.id,
            schoolId: offer.schoolId,
            schoolName: schoolName(offer.schoolId),
            wishRank: offer.wishRank,
            status: offer.status,
            madeAt: offer.madeAt,
          }
        : null,
    };
  });
}
