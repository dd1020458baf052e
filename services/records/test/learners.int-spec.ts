import { randomUUID } from 'node:crypto';
import { EventTypes, LearnerIdentityRecordedV1, newTypedEvent, Topics } from '@qn/contracts';
import { waitFor } from '@qn/testing';
import { DeadLetterSeen, RosterWorld } from './roster-world';

/**
 * records learns who its learners are: enrollment's `enrollment.learner.identity-recorded` on the
 * compacted `enrollment.learner-identities.v1` (personal data) against real Kafka and PostgreSQL,
 * the service as its own process logging at debug: the latest identity wins, a redelivery or an
 * older identity changes nothing, a refused one goes to the dead-letter topic with its reason and
 * without the learner's data, and no log line ever holds a learner's name.
 */
describe('records: learner identities from enrollment', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const school = id();
  const [s1, s2, s3, s4] = [id(), id(), id(), id()];
  // Composed (NFC) and as another writer might send it (NFD: base letters + combining marks).
  const NAME_1 = 'Nguyễn Thị Ánh Tuyết';
  const NAME_2 = 'Nguyễn Thị Ánh Nguyệt';
  const NAME_OLD = 'Trần Văn Cũ';
  const NAME_BAD = 'Lê Hoàng Phượng';
  const NAME_MALFORMED = 'Đặng Quốc Khánh';
  const NAME_BAD_DAY = 'Võ Minh Triết';
  const PERSONAL_ID = '079213004321';
  const names = [NAME_1, NAME_2, NAME_OLD, NAME_BAD, NAME_MALFORMED, NAME_BAD_DAY];
  let deadLetters: DeadLetterSeen[];

  const identity = (d: Partial<LearnerIdentityRecordedV1> & { studentId: string }) =>
    newTypedEvent(EventTypes.learnerIdentityRecorded, {
      source: 'enrollment',
      subjectId: d.studentId,
      orgUnitId: school,
      data: {
        fullName: NAME_1,
        dateOfBirth: '2012-09-14',
        gender: 'female',
        ethnicity: 'Kinh',
        personalIdLast4: '4321',
        recordedAt: '2026-08-01T02:00:00.000Z',
        ...d,
      },
    });
  const learner = (studentId: string) =>
    w.rows(
      `SELECT full_name AS "fullName", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              gender, ethnicity, personal_id_last4 AS "last4",
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS "recordedAt",
              updated_at AS "updatedAt"
         FROM learner WHERE student_id = $1`,
      [studentId],
    );
  const processed = (eventId: string) =>
    waitFor(
      async () =>
        (
          await w.rows(
            `SELECT 1 FROM processed_event WHERE event_id = $1 AND consumer_group LIKE '%records.learner-identities'`,
            [eventId],
          )
        ).length > 0,
      { timeoutMs: 30000, description: `identity ${eventId} processed` },
    );

  beforeAll(async () => {
    // debug: the most the service ever logs; still no name in it (last test).
    await w.start({ LOG_LEVEL: 'debug' });
    deadLetters = await w.watchDeadLetterCopies(Topics.enrollmentLearnerIdentities);
  });
  afterAll(() => w.stop());

  it('keeps the latest identity of each learner, the name in NFC', async () => {
    const first = identity({ studentId: s1 });
    await w.publish([first]);
    await processed(first.id);
    expect(await learner(s1)).toEqual([
      expect.objectContaining({
        fullName: NAME_1,
        dateOfBirth: '2012-09-14',
        gender: 'female',
        ethnicity: 'Kinh',
        last4: '4321',
        recordedAt: '2026-08-01T02:00:00',
      }),
    ]);

    // The register corrects the name (sent decomposed) and the ethnicity.
    const corrected = identity({
      studentId: s1,
      fullName: NAME_2.normalize('NFD'),
      ethnicity: null,
      personalIdLast4: null,
      recordedAt: '2026-09-05T08:30:00+07:00',
    });
    await w.publish([corrected]);
    await processed(corrected.id);
    const [row] = await learner(s1);
    expect(row).toMatchObject({
      fullName: NAME_2,
      ethnicity: null,
      last4: null,
      recordedAt: '2026-09-05T01:30:00',
    });
    expect((row.fullName as string).normalize('NFC')).toBe(row.fullName);
  });

  it('changes nothing for an older identity arriving late, nor for a redelivery', async () => {
    const latest = identity({ studentId: s2, recordedAt: '2026-09-01T00:00:00Z' });
    await w.publish([latest]);
    await processed(latest.id);
    const [before] = await learner(s2);

    const older = identity({
      studentId: s2,
      fullName: NAME_OLD,
      recordedAt: '2026-08-31T23:59:59Z',
    });
    await w.publish([older, latest]);
    await processed(older.id);
    // Something after both on the same partition (same key) has been applied: the redelivery too.
    const marker = identity({ studentId: s2, recordedAt: '2026-09-01T00:00:00Z' });
    await w.publish([marker]);
    await processed(marker.id);

    expect(await learner(s2)).toEqual([before]);
    expect(
      await w.rows(`SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1`, [
        latest.id,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('dead-letters what it refuses with the reason, and without the learner in the dead letter', async () => {
    // The contract refuses a whole personal id where its last 4 digits belong.
    const wholeId = identity({ studentId: s3, fullName: NAME_BAD });
    const bad = { ...wholeId, data: { ...wholeId.data, personalIdLast4: PERSONAL_ID } };
    await w.publishRaw(Topics.enrollmentLearnerIdentities, s3, JSON.stringify(bad));
    // Not JSON: the parser's message would quote the name.
    await w.publishRaw(
      Topics.enrollmentLearnerIdentities,
      s3,
      `{"fullName": ${NAME_MALFORMED}, "dateOfBirth": "2012-01-01"}`,
    );
    // Shaped like a date, not a day: PostgreSQL's message would quote it.
    const badDay = identity({ studentId: s4, fullName: NAME_BAD_DAY, dateOfBirth: '2013-02-30' });
    await w.publish([badDay]);

    const letters = await waitFor(async () => (deadLetters.length >= 3 ? deadLetters : undefined), {
      timeoutMs: 30000,
      description: 'three dead letters',
    });
    const of = (pred: (d: DeadLetterSeen) => boolean) => letters.find(pred)!;
    const schemaInvalid = of((d) => d.id === bad.id);
    expect(schemaInvalid.reason).toMatch(/^schema-invalid: \/data\/personalIdLast4 /);
    expect(schemaInvalid.redacted).toBe('data');
    expect(JSON.parse(schemaInvalid.value)).not.toHaveProperty('data');
    expect(JSON.parse(schemaInvalid.value)).toMatchObject({
      id: bad.id,
      type: 'enrollment.learner.identity-recorded',
    });

    const malformed = of((d) => d.reason.startsWith('malformed'));
    expect(malformed.reason).toMatch(/^malformed: not JSON \(\d+ bytes\)$/);
    expect(malformed.redacted).toBe('all');
    expect(malformed.value).toBe('');

    const notADay = of((d) => d.id === badDay.id);
    expect(notADay.reason).toBe('rejected: not-a-day: /data/dateOfBirth is not a calendar day');
    expect(notADay.redacted).toBe('data');

    for (const d of letters) {
      expect(d.group).toMatch(/records\.learner-identities$/);
      for (const secret of [...names, PERSONAL_ID, '2013-02-30']) {
        expect(d.value).not.toContain(secret);
        expect(d.headers).not.toContain(secret);
      }
    }
    expect(await learner(s3)).toEqual([]);
    expect(await learner(s4)).toEqual([]);
  });

  it('never logs a learner, even at debug', () => {
    const logs = w.service.logs;
    // The logs were captured: the dead letters are in them (without data).
    expect(logs).toMatch(/dead-lettered/);
    for (const secret of [...names, ...names.map((n) => n.normalize('NFD')), PERSONAL_ID])
      expect(logs).not.toContain(secret);
    expect(logs).not.toContain('2012-09-14');
  });
});
