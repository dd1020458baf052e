/**
 * Seeding of the credentials bench (timed, but not the figure): the org tree as the registry
 * publishes it, each learner's identity as enrollment publishes it and each learner's graduation
 * assessment as records publishes it, on Kafka (batched, each event validated and routed by the
 * platform catalogue), until the service has applied them all.
 */
import { Producer } from 'kafkajs';
import { EventEnvelope, EventTypes, newTypedEvent, platformCatalog } from '@qn/contracts';
import { orgUnitChanged, testKafka, waitFor } from '@qn/testing';
import { CredentialsWorld } from '../../services/credentials/test/credentials-world';
import type { Cohort } from './cohort';

// Synthetic names only (the bench never logs them).
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Thị', 'Văn', 'Đức', 'Minh', 'Thu', 'Ngọc', 'Quang', 'Hải'];
const GIVEN = ['Anh', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Linh', 'Nam', 'Trang'];

/** Publishes events as their owners would, in order, 1,000 messages a request. */
export class Publisher {
  private readonly producers = new Map<string, Producer>();

  constructor(private readonly prefix: string) {}

  async publish(events: EventEnvelope[]): Promise<void> {
    const batches = new Map<string, Map<string, Array<{ key: string; value: string }>>>();
    for (const e of events) {
      platformCatalog.assertValid(e);
      const { topic, key } = platformCatalog.route(e);
      const bySource = batches.get(e.source) ?? new Map();
      batches.set(e.source, bySource);
      const list = bySource.get(topic) ?? [];
      bySource.set(topic, list);
      list.push({ key, value: JSON.stringify(e) });
    }
    for (const [source, topics] of batches) {
      const p = await this.producer(source);
      for (const [topic, messages] of topics)
        for (let i = 0; i < messages.length; i += 1000)
          await p.send({ topic: `${this.prefix}${topic}`, messages: messages.slice(i, i + 1000) });
    }
  }

  private async producer(principal: string): Promise<Producer> {
    let p = this.producers.get(principal);
    if (!p) {
      p = testKafka(`credentials-bench-${principal}`, principal).producer();
      await p.connect();
      this.producers.set(principal, p);
    }
    return p;
  }

  async close(): Promise<void> {
    for (const p of this.producers.values()) await p.disconnect().catch(() => undefined);
  }
}

const named = (name: string, parentId: string | null) => ({
  versions: [{ validFrom: '2025-07-01', validTo: null, parentId, name }],
});

function identity(studentId: string, schoolId: string, n: number, upper: boolean) {
  return newTypedEvent(EventTypes.learnerIdentityRecorded, {
    source: 'enrollment',
    subjectId: studentId,
    orgUnitId: schoolId,
    data: {
      studentId,
      fullName: `${FAMILY[n % 10]} ${MIDDLE[(n >> 1) % 8]} ${GIVEN[(n * 7) % 10]}`,
      dateOfBirth: `${upper ? 2008 : 2011}-0${1 + (n % 9)}-1${n % 10}`,
      gender: n % 2 ? 'male' : 'female',
      ethnicity: n % 5 ? 'Kinh' : 'Tày',
      personalIdLast4: String(1000 + (n % 9000)),
      recordedAt: '2025-08-01T02:00:00.000Z',
    },
  });
}

/**
 * The org tree, then every graduate's identity and eligibility; waits until the service has
 * applied them. Returns the number of events published.
 */
export async function seedCohort(
  w: CredentialsWorld,
  c: Cohort,
  pub: Publisher,
  say: (line: string) => void,
): Promise<number> {
  const org = [
    orgUnitChanged(c.provinceId, 'province', null, [], named('Tỉnh Quảng Ninh', null)),
    ...c.wards.map((ward) =>
      orgUnitChanged(ward.id, 'ward', c.provinceId, [], named(ward.name, c.provinceId)),
    ),
    ...c.schools.map((s) =>
      orgUnitChanged(s.id, 'school', s.ward.id, [s.level], named(s.name, s.ward.id)),
    ),
  ];
  await pub.publish(org);
  await w.until(
    `SELECT count(*)::int AS n FROM org_unit_replica`,
    [],
    (r: Array<{ n: number }>) => r[0].n >= org.length,
    'the org tree',
  );
  const count = async () =>
    Number((await w.rows<{ n: number }>(`SELECT count(*)::int AS n FROM processed_event`))[0].n);
  const before = await count();
  let n = 0;
  let published = 0;
  // A school at a time: the identities first (a list needs them), then the assessments.
  for (const s of c.schools) {
    const events: EventEnvelope[] = [];
    for (const studentId of s.learners)
      events.push(identity(studentId, s.id, n++, s.level === 'upper-secondary'));
    for (const studentId of s.learners)
      events.push(
        w.eligibility({ studentId, schoolId: s.id, level: s.level, outcome: 'eligible' }),
      );
    await pub.publish(events);
    published += events.length;
  }
  let last = 0;
  await waitFor(
    async () => {
      const done = (await count()) - before;
      if (done - last >= 20_000) say(`seeding: ${done}/${published} events applied`);
      if (done - last >= 20_000) last = done;
      return done >= published;
    },
    { timeoutMs: 3_600_000, intervalMs: 500, description: 'the cohort projected' },
  );
  return org.length + published;
}
