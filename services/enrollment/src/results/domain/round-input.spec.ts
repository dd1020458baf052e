import { simulateRound, commitSeed } from '../../shared/assignment';
import { priorityPoints, toRoundInput } from './round-input';
import type { Round } from '../../rounds/round.repository';

const round: Round = {
  id: 'r',
  schoolYear: '2026-2027',
  grade: 1,
  name: 'Lớp 1',
  opensAt: new Date(0),
  closesAt: new Date(1),
  maxWishes: 2,
  priorityCategories: [
    { code: 'CON-LIET-SI', name: 'Con liệt sĩ', points: 2 },
    { code: 'HO-NGHEO', name: 'Hộ nghèo', points: 1 },
  ],
  exam: null,
  requiredDocuments: [],
  seedCommitment: commitSeed('seed-for-tests-0001'),
  seedRevealed: null,
  status: 'open',
};
const app = (
  id: string,
  wishes: string[],
  residence: string,
  categories: string[] = [],
  locality: string | null = null,
) => ({
  id,
  wishes,
  residenceOrgUnitId: residence,
  residenceLocality: locality,
  priorityCategories: categories,
  examScores: null,
  bonusHundredths: 0,
});

describe('from stored rows to the assignment', () => {
  it('counts only the highest priority category', () => {
    expect(priorityPoints(['HO-NGHEO', 'CON-LIET-SI'], round)).toBe(2);
    expect(priorityPoints([], round)).toBe(0);
  });

  it('admits residents of the catchment first, then by priority, into a small school', () => {
    const schools = [
      { schoolId: 'A', capacity: 2, catchmentOrgUnitIds: ['ward-1'], catchmentLocalities: [] },
    ];
    const input = toRoundInput(
      round,
      schools,
      [
        app('outsider-priority', ['A'], 'ward-2', ['CON-LIET-SI']),
        app('resident-1', ['A'], 'ward-1'),
        app('resident-2', ['A'], 'ward-1', ['HO-NGHEO']),
      ],
      'seed-for-tests-0001',
      round.seedCommitment,
    );
    const result = simulateRound(input);
    expect(result.schools.get('A')!.admitted).toEqual(['resident-2', 'resident-1']);
    expect(result.unplaced).toEqual(['outsider-priority']);
  });

  it('matches residents by village where two schools share a merged commune', () => {
    const schools = [
      {
        schoolId: 'A',
        capacity: 1,
        catchmentOrgUnitIds: [],
        catchmentLocalities: [{ orgUnitId: 'ward-1', locality: 'Khu 1' }],
      },
      {
        schoolId: 'B',
        capacity: 1,
        catchmentOrgUnitIds: [],
        catchmentLocalities: [{ orgUnitId: 'ward-1', locality: 'Khu 2' }],
      },
    ];
    const input = toRoundInput(
      round,
      schools,
      [
        // both want A first; priority would win if residence did not come first
        app('khu-2', ['A', 'B'], 'ward-1', ['CON-LIET-SI'], 'khu 2'),
        app('khu-1', ['A', 'B'], 'ward-1', [], 'Khu 1'),
      ],
      'seed-for-tests-0001',
    );
    const result = simulateRound(input);
    expect(Object.fromEntries(result.assignments)).toEqual({ 'khu-1': 'A', 'khu-2': 'B' });
  });

  it('ignores wishes for schools no longer in the round', () => {
    const input = toRoundInput(
      round,
      [{ schoolId: 'A', capacity: 1, catchmentOrgUnitIds: [], catchmentLocalities: [] }],
      [app('x', ['GONE', 'A'], 'w')],
      's'.repeat(20),
    );
    expect(input.applicants[0].wishes).toEqual(['A']);
  });
});
