import type { ApplicationRow } from '../../applications/application.repository';
import type { OfferView } from '../../results/offer.repository';
import type { Round } from '../../rounds/round.repository';
import { ChildRow, childrenView, familyApplicationsView } from './family-views';

describe("a family's children", () => {
  const child = (over: Partial<ChildRow>): ChildRow => ({
    studentId: '0193a000-0000-7000-8000-000000000001',
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '2018-01-01',
    schoolId: 's1',
    grade: 2,
    className: '2A',
    schoolYear: '2025-2026',
    ...over,
  });

  it('lists the eldest first, twins in Vietnamese alphabetical order, with the school name', () => {
    const rows = [
      child({
        studentId: 'c',
        fullName: 'Đỗ Minh Châu',
        dateOfBirth: '2020-05-05',
        schoolId: 's2',
      }),
      child({ studentId: 'b', fullName: 'Đỗ Minh Anh', dateOfBirth: '2020-05-05', schoolId: 's2' }),
      child({
        studentId: 'z',
        fullName: 'Đỗ Minh Dũng',
        dateOfBirth: '2020-05-05',
        schoolId: 's2',
      }),
      child({ studentId: 'a', fullName: 'Đỗ Văn Bình', dateOfBirth: '2016-02-02' }),
    ];
    const view = childrenView(rows, (id) => (id === 's1' ? 'Trường Một' : null));
    expect(view.map((c) => c.studentId)).toEqual(['a', 'b', 'c', 'z']);
    expect(view[0]).toEqual({
      studentId: 'a',
      fullName: 'Đỗ Văn Bình',
      dateOfBirth: '2016-02-02',
      schoolId: 's1',
      schoolName: 'Trường Một',
      grade: 2,
      className: '2A',
      schoolYear: '2025-2026',
    });
    expect(view[1]!.schoolName).toBeNull();
  });
});

describe("a family's applications across rounds", () => {
  const round = (
    id: string,
    schoolYear: string,
    opensAt: string,
    status: Round['status'],
  ): Round => ({
    id,
    schoolYear,
    grade: 1,
    name: `Lớp 1 ${id}`,
    opensAt: new Date(opensAt),
    closesAt: new Date(new Date(opensAt).getTime() + 86400000),
    maxWishes: 3,
    priorityCategories: [],
    exam: null,
    requiredDocuments: [],
    seedCommitment: 'c',
    seedRevealed: status === 'published' ? 'seed' : null,
    status,
  });
  const application = (over: Partial<ApplicationRow>): ApplicationRow => ({
    id: 'app',
    roundId: 'r-old',
    applicantHash: 'hash-secret',
    applicantPidLast4: '0001',
    applicantName: 'Trần Thị Mai',
    dateOfBirth: '2020-02-02',
    residenceOrgUnitId: 'w1',
    residenceLocality: null,
    wishes: ['s1', 's2'],
    priorityCategories: [],
    examScores: null,
    bonusHundredths: 0,
    ageException: null,
    channel: 'online',
    source: 'web',
    externalId: null,
    recordedBy: 'family-1',
    status: 'active',
    claim: false,
    claimantSubject: null,
    contestsApplicationId: null,
    decision: null,
    revision: 1,
    submittedAt: new Date('2026-05-01T08:00:00Z'),
    updatedAt: new Date('2026-05-01T08:00:00Z'),
    ...over,
  });
  const rounds = new Map([
    ['r-old', round('r-old', '2025-2026', '2025-05-01T00:00:00Z', 'published')],
    ['r-early', round('r-early', '2026-2027', '2026-04-01T00:00:00Z', 'published')],
    ['r-late', round('r-late', '2026-2027', '2026-05-01T00:00:00Z', 'open')],
  ]);
  const offer: OfferView = {
    id: 'offer-1',
    schoolId: 's2',
    wishRank: 2,
    status: 'offered',
    madeAt: new Date('2026-06-01T00:00:00Z'),
  };
  const names: Record<string, string> = { s1: 'Trường Một', s2: 'Trường Hai' };

  const view = familyApplicationsView({
    applications: [
      application({ id: 'a-old', roundId: 'r-old' }),
      application({ id: 'a-early-2', roundId: 'r-early', submittedAt: new Date('2026-04-03') }),
      application({ id: 'a-early-1', roundId: 'r-early', submittedAt: new Date('2026-04-02') }),
      application({ id: 'a-late', roundId: 'r-late', wishes: ['s3', 's1'] }),
    ],
    rounds,
    offers: new Map([['a-early-1', offer]]),
    schoolName: (id) => names[id] ?? null,
  });

  it('puts the newest round first (school year, then opening), in the order submitted within a round', () => {
    expect(view.map((a) => a.id)).toEqual(['a-late', 'a-early-1', 'a-early-2', 'a-old']);
  });

  it('shows the round, the wished schools by name in wish order, and the offer with its school', () => {
    const [late, early] = view;
    expect(late!.round).toEqual({
      id: 'r-late',
      name: 'Lớp 1 r-late',
      schoolYear: '2026-2027',
      grade: 1,
      opensAt: new Date('2026-05-01T00:00:00Z'),
      closesAt: new Date('2026-05-02T00:00:00Z'),
      resultsPublished: false,
    });
    expect(late!.wishSchools).toEqual([
      { id: 's3', name: null },
      { id: 's1', name: 'Trường Một' },
    ]);
    expect(late!.offer).toBeNull();
    expect(early!.round.resultsPublished).toBe(true);
    expect(early!.offer).toEqual({
      id: 'offer-1',
      schoolId: 's2',
      schoolName: 'Trường Hai',
      wishRank: 2,
      status: 'offered',
      madeAt: new Date('2026-06-01T00:00:00Z'),
    });
  });

  it("is the family's view: its own claim as a submitted application, the child's identity masked", () => {
    const [claim] = familyApplicationsView({
      applications: [
        application({
          id: 'claim',
          roundId: 'r-late',
          status: 'contested',
          claim: true,
          claimantSubject: 'family-1',
          contestsApplicationId: 'other',
        }),
      ],
      rounds,
      offers: new Map(),
      schoolName: () => null,
    });
    expect(claim).toMatchObject({ status: 'active', applicant: { personalIdLast4: '0001' } });
    expect(claim).not.toHaveProperty('contest');
    expect(JSON.stringify(claim)).not.toMatch(/hash-secret|other|recordedBy|family-1/);
  });
});
