import {
  bonusPointsCount,
  grade10SettingsProblems,
  regulationFor,
  type Grade10Settings,
} from './admission-regulation';

describe('admission regulation of grade-10 rounds (Circular 30/2024 from the 2025-2026 intake)', () => {
  it.each([
    ['2023-2024', 'circular-11-2014', true],
    ['2024-2025', 'circular-11-2014', true],
    ['2025-2026', 'circular-30-2024', false],
    ['2026-2027', 'circular-30-2024', false],
  ])('%s follows %s; bonus points count: %s', (year, regulation, bonus) => {
    expect(regulationFor(year)).toBe(regulation);
    expect(bonusPointsCount(year)).toBe(bonus);
  });

  const round = (over: Partial<Grade10Settings> = {}): Grade10Settings => ({
    schoolYear: '2026-2027',
    priorityCategories: [{ points: 2 }, { points: 1.5 }, { points: 1 }],
    exam: {
      subjects: [
        { code: 'TOAN', weight: 1 },
        { code: 'VAN', weight: 1 },
        { code: 'ANH', weight: 1 },
      ],
    },
    ...over,
  });
  const fields = (over: Partial<Grade10Settings>) =>
    grade10SettingsProblems(round(over)).map((p) => p.field);

  it.each<[string, Partial<Grade10Settings>, string[]]>([
    ['three subjects, weight 1, points 2 / 1.5 / 1', {}, []],
    [
      'a combined third test instead of a subject',
      {
        exam: {
          subjects: [
            { code: 'TOAN', weight: 1 },
            { code: 'VAN', weight: 1 },
            { code: 'TO-HOP', weight: 1 },
          ],
        },
      },
      [],
    ],
    [
      'the old hệ số 2 for Toán and Ngữ văn',
      {
        exam: {
          subjects: [
            { code: 'TOAN', weight: 2 },
            { code: 'VAN', weight: 2 },
            { code: 'ANH', weight: 1 },
          ],
        },
      },
      ['exam.subjects.0.weight', 'exam.subjects.1.weight'],
    ],
    [
      'two subjects, no Ngữ văn',
      {
        exam: {
          subjects: [
            { code: 'TOAN', weight: 1 },
            { code: 'ANH', weight: 1 },
          ],
        },
      },
      ['exam.subjects', 'exam.subjects'],
    ],
    [
      'priority points outside the three groups',
      { priorityCategories: [{ points: 2.5 }, { points: 0.5 }, { points: 1 }] },
      ['priorityCategories.0.points', 'priorityCategories.1.points'],
    ],
    [
      'an earlier intake keeps its own rules',
      {
        schoolYear: '2024-2025',
        priorityCategories: [{ points: 3 }],
        exam: { subjects: [{ code: 'TOAN', weight: 2 }] },
      },
      [],
    ],
  ])('%s', (_what, over, expected) => {
    expect(fields(over)).toEqual(expected);
  });
});
