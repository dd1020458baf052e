import {
  baselineFor,
  CatalogueError,
  CatalogueIssue,
  DEFAULT_CATALOGUE_PATH,
  indicatorByCode,
  loadCatalogue,
  parseCatalogue,
  targetFor,
} from './catalogue';
import { evaluate } from '../formula';

// ---------------------------------------------------------------------------------------------
// The shipped catalogue

describe('catalogue/indicators.yaml', () => {
  const cat = loadCatalogue();

  it('loads cleanly: version 1, no warnings', () => {
    expect(cat.version).toBe(1);
    expect(cat.warnings).toEqual([]);
    expect(DEFAULT_CATALOGUE_PATH).toMatch(/kpi-aggregator\/catalogue\/indicators\.yaml$/);
  });

  it('ships the province indicators', () => {
    expect(cat.indicators.map((i) => i.code)).toEqual([
      'ENR-ONLINE-SCHOOLS-G1',
      'ENR-ONLINE-SCHOOLS-G6',
      'ENR-ONLINE-SCHOOLS-G10',
      'ENR-APPLICATIONS-ONLINE',
      'REC-HOCBA-SIGNED',
      'CRED-REGISTER-DIGITISED',
      'PAY-CASHLESS-AMOUNT',
      'PAY-CASHLESS-COUNT',
      'PAY-SCHOOLS-CASHLESS',
      'ID-LEARNERS-VERIFIED',
      'ID-TEACHERS-VERIFIED',
    ]);
    for (const i of cat.indicators) {
      expect(i.unit).toBe('percent');
      expect(i.factor).toBe(100n);
      expect(i.aggregation).toBe('ratio-of-sums');
      expect(i.segments).toEqual(['urban', 'rural', 'ethnic-minority-mountain', 'island']);
      expect(i.sourceDoc.length).toBeGreaterThan(0);
      expect(i.nameVi.length).toBeGreaterThan(0);
      expect(i.targets.length).toBeGreaterThan(0);
    }
  });

  it('cites the seed documents (003 targets 6 and 7, 000, 001)', () => {
    const SEEDS = [
      '000_cfb8d63e01aa1056.txt',
      '001_0f88abdce5833a10.txt',
      '002_a9d6e94571fd01cb.txt',
      '003_fd7a49e97dadd4a8.txt',
      '004_f15c1f5a19133cd6.txt',
    ];
    const cites = cat.indicators.flatMap((i) => i.sourceDoc.map((d) => `${d.file} ${d.ref}`));
    for (const c of cites) expect(SEEDS).toContain(c.split(' ')[0]);
    expect(cites).toContain('003_fd7a49e97dadd4a8.txt 2.1 b) target (6)');
    expect(cites).toContain('003_fd7a49e97dadd4a8.txt 2.1 b) target (7)');
    expect(cites.some((c) => c.startsWith('000_'))).toBe(true);
    expect(cites.some((c) => c.startsWith('001_'))).toBe(true);
  });

  it('has the official targets', () => {
    const amount = indicatorByCode(cat, 'PAY-CASHLESS-AMOUNT')!;
    expect(amount.periodType).toBe('calendar-year');
    expect(targetFor(amount, '2025', 'urban')).toBe(100);
    expect(targetFor(amount, '2025', 'rural')).toBe(100);
    expect(targetFor(amount, '2025', 'ethnic-minority-mountain')).toBe(65);
    expect(targetFor(amount, '2030', 'ethnic-minority-mountain')).toBe(65);
    expect(targetFor(amount, '2025', 'island')).toBeNull(); // 003 sets none
    expect(targetFor(amount, '2025', null)).toBeNull(); // nor for the province total
    expect(targetFor(amount, '2024', 'urban')).toBeNull();
    expect(baselineFor(amount, '2024', 'urban')).toBe(86.45);
    expect(baselineFor(amount, '2024', 'rural')).toBe(61.26);

    for (const code of [
      'ENR-ONLINE-SCHOOLS-G1',
      'ENR-ONLINE-SCHOOLS-G6',
      'ENR-ONLINE-SCHOOLS-G10',
      'ENR-APPLICATIONS-ONLINE',
      'PAY-CASHLESS-COUNT',
    ]) {
      const i = indicatorByCode(cat, code)!;
      expect(targetFor(i, '2025-2026', 'island')).toBe(100);
      expect(targetFor(i, '2026-2027', null)).toBe(100);
      expect(targetFor(i, '2024-2025', null)).toBeNull();
      expect(targetFor(i, '2025', null)).toBeNull(); // wrong period type
    }
    const hocba = indicatorByCode(cat, 'REC-HOCBA-SIGNED')!;
    expect(targetFor(hocba, '2025-2026', 'rural')).toBe(100);
    expect(targetFor(hocba, '2026-2027', null)).toBe(100);
    expect(targetFor(hocba, '2024-2025', null)).toBeNull();
    expect(targetFor(hocba, 'HK2-2025-2026', 'rural')).toBeNull(); // per school year, not semester
    expect(targetFor(indicatorByCode(cat, 'PAY-SCHOOLS-CASHLESS')!, '2026-03-31', 'urban')).toBe(
      100,
    );
    expect(targetFor(indicatorByCode(cat, 'ID-LEARNERS-VERIFIED')!, '2025-12-31', null)).toBe(100);
    expect(targetFor(indicatorByCode(cat, 'ID-LEARNERS-VERIFIED')!, '2025-12-30', null)).toBeNull();
  });

  it('has no pending indicator left: every element is fed by events', () => {
    expect(cat.indicators.filter((i) => i.sourceEvents.includes('pending'))).toEqual([]);
    expect(cat.indicators.filter((i) => i.pendingElements.size > 0)).toEqual([]);
    expect([...cat.dataElements.values()].filter((e) => e.pending)).toEqual([]);
  });

  it('feeds CRED-REGISTER-DIGITISED per graduation year from the registers’ latest coverage', () => {
    const i = indicatorByCode(cat, 'CRED-REGISTER-DIGITISED')!;
    expect(i).toMatchObject({
      periodType: 'calendar-year',
      nameVi: 'Tỷ lệ sổ gốc văn bằng được số hóa',
      sourceEvents: ['credentials.register.coverage-changed'],
    });
    // Every graduation year's books are due: the plan's target holds for old years too.
    expect(targetFor(i, '1998', null)).toBe(100);
    expect(targetFor(i, '2025', 'island')).toBe(100);
    const year = { kind: 'code', field: 'graduationYear', type: 'calendar-year' };
    expect(cat.dataElements.get('credentials.register_entries_digitised')!.sources).toMatchObject([
      { how: 'sum', field: 'digitisedEntries', orgUnit: 'envelope.orgUnitId', period: year },
    ]);
    // Historic books: the archive's count; issued registers: their own entries.
    expect(cat.dataElements.get('credentials.register_entries_due')!.sources).toMatchObject([
      { how: 'sum', field: 'expectedEntries', where: [{ field: 'origin', value: 'historic' }] },
      { how: 'sum', field: 'digitisedEntries', where: [{ field: 'origin', value: 'issued' }] },
    ]);
  });

  it('feeds REC-HOCBA-SIGNED per school year: signed records over the learners due from the rosters', () => {
    const i = indicatorByCode(cat, 'REC-HOCBA-SIGNED')!;
    expect(i).toMatchObject({
      periodType: 'school-year',
      nameEn: expect.stringContaining('per school year'),
      sourceEvents: [
        'records.record.signed',
        'enrollment.student.enrolled',
        'enrollment.student.year-closed',
        'enrollment.student.left',
      ],
    });
    expect(i.pendingElements.size).toBe(0);
    expect(cat.dataElements.get('records.learners_signed')).toMatchObject({
      pending: false,
      sources: [
        {
          event: 'records.record.signed',
          version: 1,
          how: 'distinct',
          field: 'studentId',
          orgUnit: 'schoolId',
          period: { kind: 'code', field: 'schoolYear', type: 'school-year' },
          segment: { kind: 'org-unit' },
          where: [],
        },
      ],
    });
    // No element reads a correction: a new version of a signed record never counts again.
    for (const el of cat.dataElements.values())
      expect(el.sources.map((s) => s.event)).not.toContain('records.record.corrected');
    // The denominator: the roster on the year's last day plus those who completed their level
    // during the year (off the roll by then), never the records service's own pipeline.
    expect(cat.dataElements.get('learners.completed_level')!.sources).toMatchObject([
      {
        event: 'enrollment.student.year-closed',
        how: 'distinct',
        field: 'studentId',
        orgUnit: 'schoolId',
        period: { kind: 'timestamp', field: 'closedAt' },
        where: [{ field: 'outcome', op: 'eq', value: 'completed-level' }],
      },
    ]);
    expect(cat.dataElements.has('records.learners_due')).toBe(false);
    const vals = new Map([
      ['records.learners_signed', 3],
      ['learners.on_roll', 3],
      ['learners.completed_level', 1],
    ]);
    expect(evaluate(i.numerator, vals)!.toString()).toBe('3');
    expect(evaluate(i.denominator, vals)!.toString()).toBe('4');
    // A school with no learner completing a level: that element is absent, counted as 0.
    expect(evaluate(i.denominator, new Map([['learners.on_roll', 7]]))!.toString()).toBe('7');
  });

  it('counts a school as accepting cashless from the day its collection account was set (as of a date)', () => {
    expect(cat.dataElements.get('schools.accepting_cashless')).toMatchObject({
      pending: false,
      sources: [
        {
          event: 'payments.collection-account.set',
          how: 'latest',
          field: 'schoolId',
          orgUnit: 'schoolId',
          period: { kind: 'timestamp', field: 'setAt' },
        },
      ],
    });
    expect(indicatorByCode(cat, 'PAY-SCHOOLS-CASHLESS')!.sourceEvents).toEqual([
      'payments.collection-account.set',
      'registry.org-unit.changed',
    ]);
  });

  it('feeds the cashless amount shares from the tuition and service lines payments settled (health insurance left out)', () => {
    for (const [name, where] of [
      [
        'fees.amount_collected',
        [{ field: 'settledLines[].kind', op: 'in', values: ['tuition', 'service'] }],
      ],
      [
        'fees.amount_cashless',
        [
          { field: 'cashless', op: 'eq', value: true },
          { field: 'settledLines[].kind', op: 'in', values: ['tuition', 'service'] },
        ],
      ],
    ] as const)
      expect(cat.dataElements.get(name)).toMatchObject({
        pending: false,
        valueType: 'amount-vnd',
        sources: [
          {
            event: 'payments.payment.received',
            version: 2,
            how: 'sum',
            field: 'settledLines[].amount',
            period: { kind: 'timestamp', field: 'receivedAt' },
            where,
          },
        ],
      });
    // Receipts count in both versions of the event.
    expect(cat.dataElements.get('fees.payments_cashless')!.sources.map((x) => x.version)).toEqual([
      1, 2,
    ]);
    expect(indicatorByCode(cat, 'PAY-CASHLESS-COUNT')!.sourceEvents).toEqual([
      'payments.payment.received',
    ]);
  });

  it('counts portal applications as online and paper ones not', () => {
    const i = indicatorByCode(cat, 'ENR-APPLICATIONS-ONLINE')!;
    const vals = new Map([
      ['applications.online', 30],
      ['applications.portal', 10],
      ['applications.total', 100],
    ]);
    expect(evaluate(i.numerator, vals)!.toString()).toBe('40');
    expect(evaluate(i.denominator, vals)!.toString()).toBe('100');
    const total = cat.dataElements.get('applications.total')!;
    expect(total.sources.map((s) => s.field)).toEqual([
      'bySchool[].online',
      'bySchool[].portal',
      'bySchool[].paper',
    ]);
    expect(total.sources[0]).toMatchObject({
      event: 'enrollment.round.closed',
      version: 1,
      how: 'sum',
      orgUnit: 'bySchool[].schoolId',
      period: { kind: 'code', field: 'schoolYear', type: 'school-year' },
      segment: { kind: 'org-unit' },
    });
    expect(cat.dataElements.get('admission.grade6.paper')!.sources[0].where).toEqual([
      { field: 'grade', op: 'eq', value: 6 },
    ]);
  });

  it('feeds the identity indicators from enrollment by the latest state of each learner and teacher', () => {
    const learners = indicatorByCode(cat, 'ID-LEARNERS-VERIFIED')!;
    const teachers = indicatorByCode(cat, 'ID-TEACHERS-VERIFIED')!;
    expect([...learners.pendingElements, ...teachers.pendingElements]).toEqual([]);
    expect(teachers).toMatchObject({
      periodType: 'as-of',
      targets: [expect.objectContaining({ from: '2025-12-31', value: 100 })],
    });
    expect(teachers.sourceDoc.map((d) => d.file)).toEqual(
      learners.sourceDoc.map((d) => d.file).slice(0, 2),
    );
    const hows = (el: string) =>
      cat.dataElements.get(el)!.sources.map((s) => `${s.event}@${s.version} ${s.how} ${s.field}`);
    expect(hows('learners.on_roll')).toEqual([
      'enrollment.student.enrolled@2 latest studentId',
      'enrollment.student.enrolled@1 latest studentId',
      'enrollment.student.year-closed@1 latest studentId',
      'enrollment.student.left@1 ends studentId',
    ]);
    expect(cat.dataElements.get('learners.id_verified')!.sources[0]).toMatchObject({
      event: 'enrollment.student.identity-checked',
      how: 'latest',
      period: { kind: 'timestamp', field: 'checkedAt' },
      where: [{ field: 'result', op: 'eq', value: 'verified' }],
    });
    expect(hows('teachers.active')).toEqual(['enrollment.staff-member.changed@1 latest staffId']);
    expect(hows('teachers.id_verified')).toEqual([
      'enrollment.staff-member.identity-checked@1 latest staffId',
      'enrollment.staff-member.changed@1 ends staffId',
    ]);
  });

  it('reads the registry for schools in force', () => {
    expect(cat.dataElements.get('schools.in_force')!.sources[0]).toMatchObject({
      event: 'registry.org-unit.changed',
      how: 'distinct',
      field: 'id',
      period: { kind: 'validity', validFrom: 'validFrom', validTo: 'validTo' },
      segment: { kind: 'field', field: 'school.segment' },
      where: [{ field: 'kind', op: 'eq', value: 'school' }],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Bad catalogues: every problem comes with its line in the file

const BASE = `version: 1
segments:
  urban: { name_vi: Thành thị, name_en: Urban }
  rural: { name_vi: Nông thôn, name_en: Rural }
data_elements:
  apps.online:
    name_vi: Hồ sơ trực tuyến
    name_en: Online applications
    value_type: count
    sources:
      - event: enrollment.round.closed
        version: 1
        how: sum
        field: bySchool[].online
        org_unit: bySchool[].schoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit
  apps.total:
    name_vi: Tổng hồ sơ
    name_en: All applications
    value_type: count
    source: pending
indicators:
  - code: X-ONE
    name_vi: Chỉ số một
    name_en: Indicator one
    unit: percent
    numerator: '#{apps.online}'
    denominator: '#{apps.total}'
    aggregation: ratio-of-sums
    period_type: school-year
    segments: [urban, rural]
    source_events: [enrollment.round.closed, pending]
    targets:
      - { from: '2025-2026', value: 100 }
      - { period: '2024-2025', segment: rural, value: 80 }
    source_doc:
      - { file: 003_fd7a49e97dadd4a8.txt, ref: 2.1 b) target (7) }
`;

/** 1-based line of the first line containing `needle` (after `from`, if given). */
function lineOf(text: string, needle: string, from?: string): number {
  const lines = text.split('\n');
  const start = from ? lines.findIndex((l) => l.includes(from)) : 0;
  const i = lines.findIndex((l, k) => k >= start && l.includes(needle));
  if (i < 0) throw new Error(`fixture has no line with ${needle}`);
  return i + 1;
}

/** Replaces one exact piece of the base fixture (which must exist). */
function edit(from: string, to: string, text = BASE): string {
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.replace(from, to);
}

function issuesOf(yaml: string): CatalogueIssue[] {
  try {
    parseCatalogue(yaml, { filename: 'bad.yaml' });
  } catch (e) {
    if (e instanceof CatalogueError) return e.issues;
    throw e;
  }
  throw new Error('expected the catalogue to be rejected');
}

function oneIssue(yaml: string): CatalogueIssue {
  const issues = issuesOf(yaml);
  if (issues.length !== 1)
    throw new Error(
      `expected one issue, got:\n${issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n')}`,
    );
  return issues[0];
}

describe('catalogue: the base fixture is valid', () => {
  it('loads', () => {
    const c = parseCatalogue(BASE);
    expect(c.indicators[0]).toMatchObject({
      code: 'X-ONE',
      line: 24,
      periodType: 'school-year',
      elements: ['apps.online', 'apps.total'],
    });
    expect(c.dataElements.get('apps.online')!.line).toBe(6);
    expect(c.dataElements.get('apps.online')!.sources[0].line).toBe(11);
    expect(targetFor(c.indicators[0], '2024-2025', 'rural')).toBe(80);
    expect(targetFor(c.indicators[0], '2024-2025', 'urban')).toBeNull();
    expect(targetFor(c.indicators[0], '2025-2026', 'rural')).toBe(100);
  });
});

describe('catalogue: formula errors are rejected with the YAML line and column', () => {
  it('a syntax error in a numerator points into the quoted formula', () => {
    const yaml = edit(`numerator: '#{apps.online}'`, `numerator: '#{apps.online} +* 2'`);
    const i = oneIssue(yaml);
    expect(i.line).toBe(28);
    const lineText = yaml.split('\n')[27];
    expect(i.column).toBe(lineText.indexOf('*') + 1);
    expect(i.message).toBe(
      "indicator X-ONE: numerator: unexpected '*': expected a number, #{element}, a function or '(' (formula line 1, column 17)",
    );
    expect(i.path).toBe('/indicators/0/numerator');
    expect(i.file).toBe('bad.yaml');
  });

  it('an error on the second line of a block scalar is mapped to that file line', () => {
    const yaml = edit(
      `numerator: '#{apps.online}'`,
      `numerator: |\n      #{apps.online}\n        + summ(1)`,
    );
    const i = oneIssue(yaml);
    expect(i.line).toBe(lineOf(yaml, '+ summ(1)'));
    expect(i.column).toBe(yaml.split('\n')[i.line - 1].indexOf('summ') + 1);
    expect(i.message).toContain("unknown function 'summ'");
    expect(i.message).toContain('(formula line 2, column 5)');
  });

  it('an unbalanced parenthesis in a double-quoted denominator', () => {
    const i = oneIssue(edit(`denominator: '#{apps.total}'`, `denominator: "(#{apps.total}"`));
    expect(i.line).toBe(29);
    expect(i.message).toMatch(/denominator: expected '\)' to close the '\('/);
  });

  it('an unknown data element points at the reference', () => {
    const yaml = edit(`numerator: '#{apps.online}'`, `numerator: '#{apps.online} + #{apps.onlin}'`);
    const i = oneIssue(yaml);
    expect([i.line, i.column]).toEqual([28, yaml.split('\n')[27].indexOf('#{apps.onlin}') + 1]);
    expect(i.message).toBe(
      'indicator X-ONE: numerator: data element #{apps.onlin} is not defined in data_elements (defined: apps.online, apps.total)',
    );
  });

  it('an unquoted formula is a comment to YAML: caught by the schema at its line', () => {
    const i = oneIssue(edit(`numerator: '#{apps.online}'`, `numerator: #{apps.online}`));
    expect(i.line).toBe(28);
    expect(i.message).toBe('/indicators/0/numerator must be string');
  });

  it('a comparison used as a value', () => {
    const i = oneIssue(edit(`numerator: '#{apps.online}'`, `numerator: '#{apps.online} > 0'`));
    expect(i.line).toBe(28);
    expect(i.message).toMatch(/gives a condition, not a number/);
  });
});

describe('catalogue: YAML and structure errors', () => {
  it('YAML syntax', () => {
    const i = oneIssue(edit(`    unit: percent\n`, `    unit: percent\n   bad indent: x\n`));
    expect(i.line).toBe(28);
    expect(i.message).toMatch(/^YAML syntax: /);
  });

  it('a duplicated key', () => {
    const i = oneIssue(edit(`    unit: percent\n`, `    unit: percent\n    unit: ratio\n`));
    expect(i.line).toBe(28);
    expect(i.message).toMatch(/duplicate|duplicated/i);
  });

  it('a missing property, at the indicator', () => {
    const i = oneIssue(edit(`    denominator: '#{apps.total}'\n`, ''));
    expect(i.line).toBe(24);
    expect(i.message).toBe("missing required property 'denominator' at /indicators/0");
  });

  it('an unknown property, at its key', () => {
    const i = oneIssue(edit(`    unit: percent\n`, `    unit: percent\n    numerater: '1'\n`));
    expect(i.line).toBe(28);
    expect(i.column).toBe(5);
    expect(i.message).toBe("unknown property 'numerater' at /indicators/0");
  });

  it('a wrong enum value', () => {
    const i = oneIssue(edit('unit: percent', 'unit: percent-ish'));
    expect(i.line).toBe(27);
    expect(i.message).toBe('/indicators/0/unit must be one of "percent", "ratio"');
  });

  it('an unquoted period code', () => {
    const yaml = edit(
      `period_type: school-year`,
      `period_type: calendar-year`,
      edit(
        `source_events: [enrollment.round.closed, pending]`,
        `source_events: [pending]`,
        edit(`numerator: '#{apps.online}'`, `numerator: '#{apps.total}'`),
      ),
    );
    const i = oneIssue(
      edit(
        `- { from: '2025-2026', value: 100 }\n      - { period: '2024-2025', segment: rural, value: 80 }`,
        `- { from: 2025, value: 100 }`,
        yaml,
      ),
    );
    expect(i.line).toBe(35);
    expect(i.message).toBe(
      "/indicators/0/targets/0/from must be string (quote period codes, e.g. '2025')",
    );
  });

  it('a wrong version', () => {
    const i = oneIssue(edit('version: 1\n', 'version: 2\n'));
    expect(i.line).toBe(1);
    expect(i.message).toBe('/version must be 1');
  });

  it('an invalid data element name', () => {
    const yaml = edit('  apps.total:\n', '  Apps Total:\n');
    const i = oneIssue(yaml);
    expect([i.line, i.column]).toEqual([lineOf(yaml, 'Apps Total'), 3]);
    expect(i.message).toBe(
      `invalid name 'Apps Total' at /data_elements: must match pattern "^[a-z][a-z0-9_]*(\\.[a-z0-9_-]+)*$"`,
    );
  });
});

describe('catalogue: semantic errors', () => {
  it('duplicate indicator codes', () => {
    const second = BASE.slice(BASE.indexOf('  - code: X-ONE'));
    const yaml = BASE + second;
    const i = oneIssue(yaml);
    expect(i.line).toBe(lineOf(yaml, '- code: X-ONE', 'source_doc'));
    expect(i.message).toBe('duplicate indicator code X-ONE (first at line 24)');
  });

  it('an event that does not exist yet must be pending', () => {
    const yaml = edit('event: enrollment.round.closed', 'event: payments.payment.confirmed');
    const issues = issuesOf(yaml);
    expect(issues[0].line).toBe(11);
    expect(issues[0].message).toBe(
      "data element apps.online: event payments.payment.confirmed version 1 is not in the platform's event catalogue; mark the element 'source: pending' until it exists",
    );
    // The indicator's source_events then no longer match either.
    expect(issues.map((x) => x.line)).toEqual([11, 33]);
  });

  it('an unknown event version', () => {
    expect(oneIssue(edit('        version: 1\n', '        version: 7\n')).message).toMatch(
      /enrollment.round.closed version 7 is not in the platform's event catalogue/,
    );
  });

  it('a field the event does not have', () => {
    const i = oneIssue(edit('field: bySchool[].online', 'field: bySchool[].onlin'));
    expect(i.line).toBe(14);
    expect(i.message).toBe(
      "data element apps.online: enrollment.round.closed v1 has no field 'bySchool[].onlin' (fields here: schoolId, online, portal, paper)",
    );
  });

  it('summing a non-numeric field', () => {
    const i = oneIssue(edit('field: bySchool[].online', 'field: bySchool[].schoolId'));
    expect([i.line, i.message]).toEqual([
      14,
      "data element apps.online: field 'bySchool[].schoolId' of enrollment.round.closed is not numeric: cannot sum it",
    ]);
  });

  it('an array used without []', () => {
    const i = oneIssue(edit('org_unit: bySchool[].schoolId', 'org_unit: bySchool.schoolId'));
    expect(i.line).toBe(15);
    expect(i.message).toMatch(/'bySchool' is an array: write 'bySchool\[\]' to expand it/);
  });

  it('a where value the event cannot have', () => {
    const i = oneIssue(
      edit(
        '        segment: org-unit\n',
        '        segment: org-unit\n        where: { grade: 2 }\n',
      ),
    );
    expect(i.line).toBe(18);
    expect(i.message).toBe(
      "data element apps.online: 2 is not a possible value of 'grade' in enrollment.round.closed (1, 6, 10)",
    );
  });

  it('a malformed where condition', () => {
    const i = oneIssue(
      edit(
        '        segment: org-unit\n',
        '        segment: org-unit\n        where: { grade: { between: 1 } }\n',
      ),
    );
    expect(i.message).toMatch(/where 'grade' must be a value/);
  });

  it('count takes no field, distinct needs one', () => {
    expect(oneIssue(edit('how: sum', 'how: count')).message).toMatch(
      /how: count counts events .* takes no 'field'/,
    );
    const i = oneIssue(
      edit('        field: bySchool[].online\n', '', edit('how: sum', 'how: distinct')),
    );
    expect(i.line).toBe(11);
    expect(i.message).toBe("data element apps.online: how: distinct needs a 'field'");
  });

  it('latest state: a day to change on, and only latest or ends sources in its element', () => {
    const latest = edit(
      'how: sum\n        field: bySchool[].online',
      'how: latest\n        field: bySchool[].schoolId',
    );
    expect(oneIssue(latest).message).toBe(
      "data element apps.online: how: latest changes its subject's state on a day: its period is { timestamp } or { date }",
    );
    const ends = `      - event: enrollment.round.closed
        version: 1
        how: ends
        field: bySchool[].schoolId
        org_unit: bySchool[].schoolId
        period: { timestamp: closedAt }
        segment: org-unit
  apps.total:`;
    expect(oneIssue(edit('  apps.total:', ends)).message).toBe(
      'data element apps.online: mixes how: latest/ends with how: sum; the latest state of a subject takes only latest and ends sources',
    );
    const onlyEnds = edit(
      'how: sum\n        field: bySchool[].online\n        org_unit: bySchool[].schoolId\n        period: { code: schoolYear, type: school-year }',
      'how: ends\n        field: bySchool[].schoolId\n        org_unit: bySchool[].schoolId\n        period: { timestamp: closedAt }',
    );
    expect(oneIssue(onlyEnds).message).toBe(
      'data element apps.online: has only how: ends sources; it needs a how: latest source to count anything',
    );
  });

  it('a distinct count takes only distinct sources', () => {
    const second = `      - event: enrollment.round.closed
        version: 1
        how: distinct
        field: bySchool[].schoolId
        org_unit: bySchool[].schoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit
  apps.total:`;
    const i = oneIssue(edit('  apps.total:', second));
    expect(i.line).toBe(10);
    expect(i.message).toBe(
      'data element apps.online: mixes how: distinct with how: sum; a distinct count takes only distinct sources (use two elements and add them in the formula)',
    );
    // Two distinct sources are fine.
    expect(() =>
      parseCatalogue(
        edit(
          '  apps.total:',
          second,
          edit(
            'how: sum\n        field: bySchool[].online',
            'how: distinct\n        field: bySchool[].schoolId',
          ),
        ),
      ),
    ).not.toThrow();
  });

  it('one array expansion per source', () => {
    const yaml = edit(
      `      - event: enrollment.round.closed
        version: 1
        how: sum
        field: bySchool[].online
        org_unit: bySchool[].schoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit`,
      `      - event: registry.org-unit.changed
        version: 1
        how: distinct
        field: versions[].name
        org_unit: successorIds[]
        period: { valid_from: validFrom, valid_to: validTo }
        segment: org-unit`,
    );
    const issues = issuesOf(yaml);
    expect(issues[0]).toMatchObject({
      line: 11,
      message:
        'data element apps.online: one source may expand one array; this one expands versions[] and successorIds[]',
    });
  });

  it('an ill-formed period source', () => {
    const i = oneIssue(
      edit('period: { code: schoolYear, type: school-year }', 'period: { code: schoolYear }'),
    );
    expect(i.line).toBe(16);
    expect(i.message).toBe(
      'data element apps.online: period must be one of { code, type }, { timestamp }, { date }, { valid_from, valid_to }; got { code }',
    );
  });

  it('a timestamp period source must be a date-time field', () => {
    expect(() =>
      parseCatalogue(
        edit('period: { code: schoolYear, type: school-year }', 'period: { timestamp: closedAt }'),
      ),
    ).not.toThrow();
    expect(() =>
      parseCatalogue(
        edit(
          'period: { code: schoolYear, type: school-year }',
          'period: { timestamp: envelope.occurredAt }',
        ),
      ),
    ).not.toThrow();
    expect(
      oneIssue(
        edit(
          'period: { code: schoolYear, type: school-year }',
          'period: { timestamp: schoolYear }',
        ),
      ).message,
    ).toMatch(/'schoolYear' of enrollment.round.closed is not a date-time/);
  });

  it('a segment source must be org-unit or a field with catalogue segments', () => {
    expect(oneIssue(edit('segment: org-unit', 'segment: school')).message).toMatch(
      /segment must be 'org-unit' or \{ field: <path> \}/,
    );
  });

  it('an element keyed by school-year codes in a semester indicator', () => {
    const yaml = edit(
      `period_type: school-year`,
      `period_type: semester`,
      edit(
        `- { from: '2025-2026', value: 100 }\n      - { period: '2024-2025', segment: rural, value: 80 }`,
        `- { from: 'HK1-2025-2026', value: 100 }`,
      ),
    );
    const i = oneIssue(yaml);
    expect(i.line).toBe(28);
    expect(i.message).toBe(
      "indicator X-ONE: numerator: #{apps.online} is keyed by school-year codes (its source at line 11) but the indicator's period type is semester",
    );
  });

  it('pending and sources exclude each other; one of them is needed', () => {
    const both = oneIssue(
      edit(
        '    source: pending\n',
        '    source: pending\n    sources: [{ event: enrollment.round.closed, version: 1, how: count, org_unit: roundId, period: { timestamp: closedAt }, segment: org-unit }]\n',
      ),
    );
    expect(both.line).toBe(23);
    expect(both.message).toMatch(/'source: pending' and 'sources' exclude each other/);
    const neither = oneIssue(edit('    source: pending\n', ''));
    expect(neither.line).toBe(18);
    expect(neither.message).toBe(
      "data element apps.total: needs 'sources' (the events that feed it) or 'source: pending'",
    );
  });

  it('targets: unknown segment, wrong period type, duplicates, period and from together', () => {
    const seg = oneIssue(edit('segment: rural, value: 80', 'segment: island, value: 80'));
    expect(seg.line).toBe(36);
    expect(seg.message).toBe(
      "indicator X-ONE: target for segment 'island', which is not one of the indicator's segments (urban, rural)",
    );

    const type = oneIssue(edit(`period: '2024-2025'`, `period: '2024'`));
    expect(type.line).toBe(36);
    expect(type.message).toBe(
      "indicator X-ONE: target: '2024' is a calendar-year period, expected school-year",
    );

    const badCode = oneIssue(edit(`period: '2024-2025'`, `period: '2024-2026'`));
    expect(badCode.message).toMatch(/must span two consecutive years/);

    const dup = oneIssue(
      edit(
        `      - { period: '2024-2025', segment: rural, value: 80 }\n`,
        `      - { period: '2024-2025', segment: rural, value: 80 }\n      - { period: '2024-2025', segment: rural, value: 90 }\n`,
      ),
    );
    expect(dup.line).toBe(37);
    expect(dup.message).toBe(
      'indicator X-ONE: a second target for period 2024-2025, segment rural (first at line 36)',
    );

    const both = oneIssue(
      edit(
        `{ from: '2025-2026', value: 100 }`,
        `{ from: '2025-2026', period: '2025-2026', value: 100 }`,
      ),
    );
    expect(both.line).toBe(35);
    expect(both.message).toMatch(/exactly one of 'period'/);
  });

  it('an unknown indicator segment', () => {
    const i = oneIssue(edit('segments: [urban, rural]', 'segments: [urban, rural, suburban]'));
    expect(i.line).toBe(32);
    expect(i.message).toBe("indicator X-ONE: unknown segment 'suburban' (defined: urban, rural)");
  });

  it('source_events must match what the elements are fed by', () => {
    const i = oneIssue(
      edit(
        'source_events: [enrollment.round.closed, pending]',
        'source_events: [enrollment.round.closed, enrollment.student.enrolled]',
      ),
    );
    expect(i.line).toBe(33);
    expect(i.message).toBe(
      "indicator X-ONE: source_events must list the events its elements are fed by (and 'pending' for pending elements): missing pending; not fed by enrollment.student.enrolled",
    );
  });

  it('reports every problem at once, in line order', () => {
    const yaml = edit(
      'field: bySchool[].online',
      'field: bySchool[].onlin',
      edit(
        `numerator: '#{apps.online}'`,
        `numerator: '#{apps.online} +'`,
        edit('segments: [urban, rural]', 'segments: [urban, rural, x]'),
      ),
    );
    const issues = issuesOf(yaml);
    expect(issues.map((i) => i.line)).toEqual([14, 28, 32]);
    try {
      parseCatalogue(yaml, { filename: 'bad.yaml' });
    } catch (e) {
      expect((e as Error).message).toContain('bad.yaml:14:');
      expect((e as Error).message).toContain('bad.yaml:28:');
    }
  });

  it('a warning, not an error, for an element no indicator uses', () => {
    const yaml = edit(
      'indicators:\n',
      '  spare.count:\n    name_vi: x\n    name_en: x\n    value_type: count\n    source: pending\nindicators:\n',
    );
    expect(parseCatalogue(yaml).warnings).toEqual([
      'data element spare.count (line 23) is used by no indicator',
    ]);
  });

  it('accepts an injected event catalogue', () => {
    const events = (type: string, version: number) =>
      type === 'payments.payment.confirmed' && version === 1
        ? {
            type: 'object',
            properties: {
              schoolId: { type: 'string' },
              amount: { type: 'integer' },
              paidAt: { type: 'string', format: 'date-time' },
            },
          }
        : undefined;
    const yaml = edit(
      `      - event: enrollment.round.closed
        version: 1
        how: sum
        field: bySchool[].online
        org_unit: bySchool[].schoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit`,
      `      - { event: payments.payment.confirmed, version: 1, how: sum, field: amount, org_unit: schoolId, period: { timestamp: paidAt }, segment: org-unit }`,
      edit(
        'source_events: [enrollment.round.closed, pending]',
        'source_events: [payments.payment.confirmed, pending]',
      ),
    );
    expect(parseCatalogue(yaml, { events }).indicators[0].sourceEvents).toEqual([
      'payments.payment.confirmed',
      'pending',
    ]);
  });
});

describe('catalogue: how an indicator is judged', () => {
  it('defaults: a rate for period indicators, due on the period’s last day, 90 % is "cơ bản"', () => {
    const ind = parseCatalogue(BASE).indicators[0];
    expect(ind).toMatchObject({ progress: 'rate', deadline: null, mostlyCompletedAt: 90 });
    expect(ind.targets[0].due).toBeNull();
  });

  it('reads progress, a deadline rule, the "cơ bản hoàn thành" boundary and a target’s own due date', () => {
    const yaml = edit(
      `    period_type: school-year\n`,
      `    period_type: school-year\n    progress: at-end\n    deadline: { after: period-end, days: 10 }\n    mostly_completed_at: 80\n`,
      edit(
        `{ from: '2025-2026', value: 100 }`,
        `{ from: '2025-2026', value: 100, due: '2026-06-10' }`,
      ),
    );
    const ind = parseCatalogue(yaml).indicators[0];
    expect(ind).toMatchObject({
      progress: 'at-end',
      deadline: { after: 'period-end', days: 10 },
      mostlyCompletedAt: 80,
    });
    expect(ind.targets[0].due).toBe('2026-06-10');
  });

  it.each([
    ['progress: sometimes', 'progress'],
    ['deadline: { after: period-middle, days: 1 }', 'after'],
    ['deadline: { after: period-end, days: -1 }', 'days'],
    ['mostly_completed_at: 0', 'mostly_completed_at'],
    ['mostly_completed_at: 120', 'mostly_completed_at'],
  ])('refuses %s at its line', (line, key) => {
    const yaml = edit(
      `    period_type: school-year\n`,
      `    period_type: school-year\n    ${line}\n`,
    );
    const i = oneIssue(yaml);
    expect(i.line).toBe(lineOf(yaml, line));
    expect(i.path).toContain(key === 'after' || key === 'days' ? `deadline/${key}` : key);
  });

  it('refuses a due date that is not a day', () => {
    const yaml = edit(
      `{ from: '2025-2026', value: 100 }`,
      `{ from: '2025-2026', value: 100, due: '2026-02-30' }`,
    );
    const i = oneIssue(yaml);
    expect(i.message).toContain("target due '2026-02-30' is not a date");
  });
});
