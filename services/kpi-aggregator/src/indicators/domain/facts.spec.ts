import { newEvent } from '@qn/contracts';
import { loadCatalogue, parseCatalogue } from './index';
import { extendedCatalogueText } from '../../../test/catalogue-fixture';
import { compileProjection, DATED, extractFacts, extractStates, FactError } from './facts';
import { isNewer, retractingTypes, subjectKeysOf } from '../../projections/domain/subjects';

const S1 = '0190a000-0000-7000-8000-000000000001';
const S2 = '0190a000-0000-7000-8000-000000000002';
const ROUND = '0190a000-0000-7000-8000-0000000000a1';

const roundClosed = (grade: number, bySchool: Array<[string, number, number, number]>) =>
  newEvent({
    type: 'enrollment.round.closed',
    version: 1,
    source: 'enrollment',
    subjectId: ROUND,
    data: {
      roundId: ROUND,
      schoolYear: '2025-2026',
      grade,
      closedAt: '2025-07-20T10:00:00.000Z',
      applications: bySchool.reduce((a, [, o, p, q]) => a + o + p + q, 0),
      byChannel: { online: 0, portal: 0, paper: 0 },
      bySchool: bySchool.map(([schoolId, online, portal, paper]) => ({
        schoolId,
        online,
        portal,
        paper,
      })),
    },
  });

describe('facts from the shipped catalogue', () => {
  const projection = compileProjection(loadCatalogue());

  it('maps enrollment.round.closed to the admission elements, per school (array expansion and where)', () => {
    const facts = extractFacts(
      projection,
      roundClosed(1, [
        [S1, 30, 5, 2],
        [S2, 10, 0, 0],
      ]),
    );
    const of = (el: string, unit: string) =>
      facts.filter((f) => f.element === el && f.orgUnitId === unit).map((f) => f.value);
    expect(of('admission.grade1.digital', S1)).toEqual([30, 5]);
    expect(of('admission.grade1.paper', S1)).toEqual([2]);
    expect(of('admission.grade1.paper', S2)).toEqual([0]);
    expect(of('applications.total', S2)).toEqual([10, 0, 0]);
    expect(facts.some((f) => f.element.startsWith('admission.grade6'))).toBe(false);
    for (const f of facts) {
      expect(f.period).toBe('2025-2026');
      expect(f.segmentFromOrgUnit).toBe(true);
      expect(f.segment).toBeNull();
    }
  });

  it('maps a registry school to a dated fact in force from its start, segment from the event', () => {
    const e = newEvent({
      type: 'registry.org-unit.changed',
      version: 1,
      source: 'registry',
      subjectId: S1,
      data: {
        id: S1,
        code: 'TH-1',
        kind: 'school',
        name: 'Trường 1',
        parentId: S2,
        validFrom: '2025-07-01',
        validTo: null,
        successorIds: [],
        versions: [{ validFrom: '2025-07-01', validTo: null, parentId: S2, name: 'Trường 1' }],
        school: { levels: ['primary'], segment: 'island', ownership: 'public' },
        revision: 1,
      },
    });
    expect(extractFacts(projection, e)).toEqual([
      expect.objectContaining({
        element: 'schools.in_force',
        orgUnitId: S1,
        period: DATED,
        validFrom: '2025-07-01',
        validTo: null,
        datedScope: 'any',
        segment: 'island',
        distinct: S1,
        value: 1,
      }),
    ]);
    // A commune feeds nothing (where kind: school).
    expect(
      extractFacts(projection, {
        ...e,
        data: { ...(e.data as object), kind: 'commune', school: null },
      }),
    ).toEqual([]);
  });

  it('ignores event types no element reads', () => {
    const e = newEvent({
      type: 'enrollment.offer.made',
      version: 1,
      source: 'x',
      subjectId: 'a',
      data: {},
    });
    expect(extractFacts(projection, e)).toEqual([]);
  });

  it('maps payments.payment.received v2 to the cashless elements: tuition and service lines summed exactly, health insurance left out, cash counted but not cashless', () => {
    const line = (kind: string, amount: string) => ({
      invoiceId: S1,
      feeCode: kind.toUpperCase(),
      feeName: kind,
      kind,
      periodKey: '2025-2026/HK1',
      amount,
    });
    const payment = (
      lines: Array<ReturnType<typeof line>>,
      cashless: boolean,
      receivedAt: string,
      version = 2,
    ) =>
      newEvent({
        type: 'payments.payment.received',
        version,
        source: 'payments',
        subjectId: S1,
        data: {
          schoolId: S1,
          segment: 'ethnic-minority-mountain',
          schoolYear: '2025-2026',
          amount: String(lines.reduce((a, l) => a + BigInt(l.amount), 0n)),
          cashless,
          channel: cashless ? 'vietqr' : 'cash',
          receivedAt,
          ...(version === 2 ? { settledLines: lines } : {}),
        },
      });
    // 31 Dec 2025 18:00 UTC is 1 Jan 2026 in Vietnam: the calendar year of the receipt is 2026.
    const qr = extractFacts(
      projection,
      payment(
        [line('tuition', '1000000'), line('healthInsurance', '884520'), line('service', '250000')],
        true,
        '2025-12-31T18:00:00.000Z',
      ),
    );
    const cash = extractFacts(
      projection,
      payment([line('tuition', '4000000000000')], false, '2025-10-01T03:00:00.000Z'),
    );
    const values = (facts: typeof qr, el: string) =>
      facts.filter((f) => f.element === el).map((f) => f.value);
    expect(values(qr, 'fees.amount_collected')).toEqual([1000000, 250000]);
    expect(values(qr, 'fees.amount_cashless')).toEqual([1000000, 250000]);
    expect(values(qr, 'fees.payments_cashless')).toEqual([1]);
    expect(values(cash, 'fees.amount_collected')).toEqual([4000000000000]);
    expect(values(cash, 'fees.amount_cashless')).toEqual([]);
    expect(values(cash, 'fees.payments_collected')).toEqual([1]);
    expect(qr.find((f) => f.element === 'fees.payments_cashless')!.period).toBe('2025-2026');
    expect(JSON.stringify(qr.find((f) => f.element === 'fees.amount_cashless'))).toContain('2026');
    // A payment of health insurance alone adds to no amount, but is a receipt.
    const insurance = extractFacts(
      projection,
      payment([line('healthInsurance', '884520')], true, '2025-10-01T03:00:00Z'),
    );
    expect(values(insurance, 'fees.amount_collected')).toEqual([]);
    expect(values(insurance, 'fees.payments_cashless')).toEqual([1]);
    // Version 1 (no lines): a receipt, but no amount (it cannot be split).
    const old = extractFacts(
      projection,
      payment([line('tuition', '500000')], true, '2025-10-01T03:00:00Z', 1),
    );
    expect(values(old, 'fees.amount_collected')).toEqual([]);
    expect(values(old, 'fees.payments_collected')).toEqual([1]);
    // beyond 2^53 đồng in one line: refused with the reason rather than rounded
    expect(() =>
      extractFacts(
        projection,
        payment([line('tuition', '99999999999999999')], true, '2025-10-01T03:00:00Z'),
      ),
    ).toThrow(/not a number/);
  });

  it('rejects impossible values with the reason', () => {
    const e = roundClosed(1, [[S1, 1, 0, 0]]);
    (e.data as { bySchool: Array<{ online: unknown }> }).bySchool[0].online = -3;
    expect(() => extractFacts(projection, e)).toThrow(FactError);
    expect(() => extractFacts(projection, e)).toThrow(/negative/);
    const bad = roundClosed(1, [[S1, 1, 0, 0]]);
    (bad.data as { schoolYear: string }).schoolYear = '2025-2027';
    expect(() => extractFacts(projection, bad)).toThrow(/period '2025-2027'/);
  });

  it('has a fingerprint that changes when the mapping does', () => {
    const extended = compileProjection(parseCatalogue(extendedCatalogueText()));
    expect(extended.fingerprint).not.toBe(projection.fingerprint);
    expect(compileProjection(loadCatalogue()).fingerprint).toBe(projection.fingerprint);
  });
});

describe('a catalogue entry over an existing event type (no code change)', () => {
  const projection = compileProjection(parseCatalogue(extendedCatalogueText()));
  const recorded = (channel: string) =>
    newEvent({
      type: 'enrollment.application.recorded',
      version: 1,
      source: 'enrollment',
      subjectId: S2,
      data: {
        applicationId: S2,
        roundId: ROUND,
        schoolYear: '2025-2026',
        grade: 1,
        channel,
        firstWishSchoolId: S1,
        wishes: [S1],
        revision: 1,
        recordedAt: '2025-07-10T01:00:00.000Z',
      },
    });

  it('counts recorded applications by channel', () => {
    expect(
      extractFacts(projection, recorded('portal'))
        .map((f) => f.element)
        .sort(),
    ).toEqual(['applications.live.digital', 'applications.live.total']);
    expect(extractFacts(projection, recorded('paper')).map((f) => f.element)).toEqual([
      'applications.live.total',
    ]);
    expect(projection.eventTypes).toContain('enrollment.application.recorded');
  });
});

describe('subject rules', () => {
  it('orders events of a subject by occurredAt then id', () => {
    const a = {
      occurredAt: '2025-07-01T00:00:00.000Z',
      eventId: '0190a000-0000-7000-8000-000000000001',
    };
    const b = {
      occurredAt: '2025-07-02T00:00:00.000Z',
      eventId: '0190a000-0000-7000-8000-000000000000',
    };
    expect(isNewer(b, a)).toBe(true);
    expect(isNewer(a, b)).toBe(false);
    expect(isNewer(a, undefined)).toBe(true);
    expect(isNewer({ ...a, eventId: 'f' }, a)).toBe(true);
  });

  it('supersedes state events, retracts recorded applications on withdrawal, accumulates the rest', () => {
    expect(subjectKeysOf('enrollment.round.closed', 'r1')).toEqual({
      keys: ['enrollment.round.closed:r1'],
      retract: false,
    });
    expect(subjectKeysOf('enrollment.application.withdrawn', 'a1')).toEqual({
      keys: ['enrollment.application.recorded:a1'],
      retract: true,
    });
    expect(subjectKeysOf('enrollment.student.enrolled', 's1')).toEqual({
      keys: [],
      retract: false,
    });
    expect(retractingTypes(['enrollment.application.recorded'])).toEqual([
      { type: 'enrollment.application.withdrawn', version: 1 },
    ]);
    expect(retractingTypes(['enrollment.round.closed'])).toEqual([]);
  });
});

describe('latest state per subject (identity indicators)', () => {
  const projection = compileProjection(loadCatalogue());
  const LEARNER = '0190a000-0000-7000-8000-0000000000c1';
  const TEACHER = '0190a000-0000-7000-8000-0000000000d1';
  const ev = (type: string, version: number, subjectId: string, data: Record<string, unknown>) =>
    newEvent({ type, version, source: 'enrollment', subjectId, data });
  const checked = (result: string, checkedAt = '2025-10-01T03:00:00.000Z') =>
    ev('enrollment.student.identity-checked', 1, LEARNER, {
      studentId: LEARNER,
      schoolId: S1,
      result,
      checkedAt,
    });
  const brief = (facts: ReturnType<typeof extractFacts>) =>
    facts.map((f) => [f.element, f.orgUnitId, f.period, f.validFrom, f.validTo, f.distinct]);

  it('a verified check counts the learner from its local date, open-ended; a mismatch counts nowhere but is a state change', () => {
    // 23:30 UTC is the next morning in Vietnam.
    const verified = checked('verified', '2025-09-30T23:30:00.000Z');
    expect(brief(extractFacts(projection, verified))).toEqual([
      ['learners.id_verified', S1, DATED, '2025-10-01', null, LEARNER],
    ]);
    expect(extractFacts(projection, verified)[0]).toMatchObject({
      datedScope: 'any',
      segmentFromOrgUnit: true,
    });
    expect(extractStates(projection, verified)).toEqual([
      { element: 'learners.id_verified', subject: LEARNER, date: '2025-10-01' },
    ]);
    const mismatch = checked('mismatch', '2025-11-03T02:00:00.000Z');
    expect(extractFacts(projection, mismatch)).toEqual([]);
    expect(extractStates(projection, mismatch)).toEqual([
      { element: 'learners.id_verified', subject: LEARNER, date: '2025-11-03' },
    ]);
  });

  it('on roll from enrolment (v1 and v2) to departure; completing the level ends it, a promotion does not', () => {
    const enrolled = (version: number, extra: Record<string, unknown> = {}) =>
      ev('enrollment.student.enrolled', version, LEARNER, {
        studentId: LEARNER,
        schoolId: S1,
        grade: 3,
        className: null,
        schoolYear: '2025-2026',
        segment: 'urban',
        reason: version === 1 ? 'admission' : 'roster',
        enrolledOn: '2025-09-05',
        ...extra,
      });
    for (const e of [enrolled(1), enrolled(2, { classId: null })])
      expect(brief(extractFacts(projection, e))).toEqual([
        ['learners.on_roll', S1, DATED, '2025-09-05', null, LEARNER],
      ]);
    const closed = (outcome: string) =>
      ev('enrollment.student.year-closed', 1, LEARNER, {
        studentId: LEARNER,
        schoolId: S1,
        schoolYear: '2025-2026',
        grade: 5,
        outcome,
        closedAt: '2026-05-29T10:00:00.000Z',
      });
    expect(brief(extractFacts(projection, closed('promoted')))).toEqual([
      ['learners.on_roll', S1, DATED, '2026-05-29', null, LEARNER],
    ]);
    expect(extractStates(projection, closed('promoted')).map((s) => s.element)).toEqual([
      'learners.on_roll',
    ]);
    // Off the roll, but counted among the learners who completed their level in the school year
    // of the close (the học bạ denominator), once per learner.
    expect(brief(extractFacts(projection, closed('completed-level')))).toEqual([
      ['learners.completed_level', S1, '2025-2026', null, null, LEARNER],
    ]);
    // A close in the summer gap falls in no school year: the learner is still on roll on 31 May.
    expect(
      extractFacts(projection, {
        ...closed('completed-level'),
        data: { ...closed('completed-level').data, closedAt: '2026-06-10T03:00:00.000Z' },
      }),
    ).toEqual([]);
    expect(
      extractStates(projection, closed('completed-level'))
        .map((s) => s.element)
        .sort(),
    ).toEqual(['learners.id_verified', 'learners.on_roll']);
    const left = ev('enrollment.student.left', 1, LEARNER, {
      studentId: LEARNER,
      schoolId: S1,
      schoolYear: '2025-2026',
      grade: 3,
      reason: 'moved-away',
      leftOn: '2025-11-16',
      recordedAt: '2025-11-17T01:00:00.000Z',
    });
    expect(extractFacts(projection, left)).toEqual([]);
    expect(extractStates(projection, left)).toEqual([
      { element: 'learners.id_verified', subject: LEARNER, date: '2025-11-16' },
      { element: 'learners.on_roll', subject: LEARNER, date: '2025-11-16' },
    ]);
  });

  it('teachers: active teachers count, other roles and inactive ones end it', () => {
    const staff = (role: string, active: boolean) =>
      ev('enrollment.staff-member.changed', 1, TEACHER, {
        staffId: TEACHER,
        schoolId: S2,
        role,
        accountSubject: null,
        active,
        revision: 1,
        changedAt: '2025-09-01T01:00:00.000Z',
      });
    expect(brief(extractFacts(projection, staff('teacher', true)))).toEqual([
      ['teachers.active', S2, DATED, '2025-09-01', null, TEACHER],
    ]);
    expect(extractStates(projection, staff('teacher', true)).map((s) => s.element)).toEqual([
      'teachers.active',
    ]);
    expect(extractFacts(projection, staff('principal', true))).toEqual([]);
    expect(
      extractStates(projection, staff('teacher', false))
        .map((s) => s.element)
        .sort(),
    ).toEqual(['teachers.active', 'teachers.id_verified']);
  });

  it('refuses an event without its subject', () => {
    const bad = ev('enrollment.student.identity-checked', 1, LEARNER, {
      schoolId: S1,
      result: 'verified',
      checkedAt: '2025-10-01T03:00:00.000Z',
    });
    expect(() => extractStates(projection, bad)).toThrow(
      "learners.id_verified (source 1): 'studentId' is missing for a subject",
    );
  });
});

describe('signed school records (học bạ)', () => {
  const projection = compileProjection(loadCatalogue());
  const LEARNER = '0190a000-0000-7000-8000-0000000000c1';
  const CLASS = '0190a000-0000-7000-8000-0000000000e1';
  const HASH = 'a'.repeat(64);
  const recordId = `${S1}/${LEARNER}/2025-2026`;
  const ev = (type: string, data: Record<string, unknown>) =>
    newEvent({ type, version: 1, source: 'records', subjectId: LEARNER, data });

  it('counts a signed record once per learner, school and school year; a correction feeds nothing', () => {
    const signed = ev('records.record.signed', {
      recordId,
      studentId: LEARNER,
      schoolId: S1,
      classId: CLASS,
      schoolYear: '2025-2026',
      grade: 9,
      version: 1,
      recordHash: HASH,
      signedAt: '2026-05-28T09:00:00.000Z',
    });
    const facts = extractFacts(projection, signed);
    expect(facts.map((f) => [f.element, f.orgUnitId, f.period, f.value, f.distinct])).toEqual([
      ['records.learners_signed', S1, '2025-2026', 1, LEARNER],
    ]);
    expect(facts[0]).toMatchObject({ segmentFromOrgUnit: true, segment: null });
    expect(extractStates(projection, signed)).toEqual([]);
    const corrected = ev('records.record.corrected', {
      recordId,
      studentId: LEARNER,
      schoolId: S1,
      schoolYear: '2025-2026',
      grade: 9,
      version: 2,
      recordHash: 'b'.repeat(64),
      previousVersion: 1,
      previousHash: HASH,
      correctedAt: '2026-06-15T09:00:00.000Z',
    });
    expect(extractFacts(projection, corrected)).toEqual([]);
    expect(subjectKeysOf('records.record.signed', LEARNER)).toEqual({ keys: [], retract: false });
  });
});

describe('original registers (sổ gốc) coverage', () => {
  const projection = compileProjection(loadCatalogue());
  const REGISTER = '0190a000-0000-7000-8000-0000000000f1';
  const coverage = (data: Record<string, unknown>, orgUnitId: string | null = S1) =>
    newEvent({
      type: 'credentials.register.coverage-changed',
      version: 1,
      source: 'credentials',
      subjectId: REGISTER,
      orgUnitId,
      data: {
        registerId: REGISTER,
        kind: 'lower-secondary-diploma',
        origin: 'historic',
        schoolId: orgUnitId,
        authorityId: null,
        graduationYear: 1998,
        expectedEntries: 400,
        digitisedEntries: 120,
        reviewedEntries: 10,
        changedAt: '2026-12-03T10:00:00.000Z',
        ...data,
      },
    });
  const brief = (facts: ReturnType<typeof extractFacts>) =>
    facts.map((f) => [f.element, f.orgUnitId, f.period, f.value]);

  it('counts a historic register at its unit in its graduation year (a year number names it)', () => {
    expect(brief(extractFacts(projection, coverage({})))).toEqual([
      ['credentials.register_entries_digitised', S1, '1998', 120],
      ['credentials.register_entries_due', S1, '1998', 400],
    ]);
  });

  it('takes an issued register’s own entries as due, and each coverage replaces the last', () => {
    expect(
      brief(extractFacts(projection, coverage({ origin: 'issued', expectedEntries: null }))),
    ).toEqual([
      ['credentials.register_entries_digitised', S1, '1998', 120],
      ['credentials.register_entries_due', S1, '1998', 120],
    ]);
    expect(subjectKeysOf('credentials.register.coverage-changed', REGISTER)).toEqual({
      keys: [`credentials.register.coverage-changed:${REGISTER}`],
      retract: false,
    });
  });

  it('refuses a coverage with no org unit to count it at', () => {
    expect(() => extractFacts(projection, coverage({}, null))).toThrow(FactError);
  });
});
