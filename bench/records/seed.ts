/**
 * Seeding of the records bench (timed, but not the figure): the org tree and the rosters as the
 * registry and enrollment publish them (Kafka, batched, each event validated and routed by the
 * platform catalogue), then both terms of every class through the service's API as teachers
 * would: each subject's marks (PUT) and confirmation by its teacher, the conduct (PUT) and the
 * class's confirmation by the homeroom teacher.
 */
import { Producer } from 'kafkajs';
import { EventEnvelope, EventTypes, newTypedEvent, platformCatalog } from '@qn/contracts';
import { orgUnitChanged, testKafka, waitFor } from '@qn/testing';
import { RosterWorld } from '../../services/records/test/roster-world';
import type { BenchClass, Province } from './province';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Thị', 'Văn', 'Đức', 'Minh', 'Thu', 'Ngọc', 'Quang', 'Hải'];
const GIVEN = ['Anh', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Linh', 'Nam', 'Trang'];
const REMARKS = [
  'Chăm ngoan, học tốt, tích cực tham gia các hoạt động của lớp',
  'Có ý thức học tập, cần cố gắng hơn ở môn Toán',
  'Ngoan, lễ phép, hoà đồng với bạn bè',
];

/** Publishes events as their owners would, in order, 1,000 messages a request. */
export class Publisher {
  private readonly producers = new Map<string, Producer>();

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

  constructor(private readonly prefix: string) {}

  private async producer(principal: string): Promise<Producer> {
    let p = this.producers.get(principal);
    if (!p) {
      p = testKafka(`records-bench-${principal}`, principal).producer();
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

/** The org tree, then the rosters and identities; waits until the service has applied them. */
export async function seedRosters(w: RosterWorld, p: Province, pub: Publisher): Promise<number> {
  const org = [
    orgUnitChanged(p.provinceId, 'province', null, [], named('Tỉnh Quảng Ninh', null)),
    ...p.wards.map((id, i) =>
      orgUnitChanged(id, 'commune', p.provinceId, [], named(`Phường Bench ${i + 1}`, p.provinceId)),
    ),
    ...p.schools.map((s) =>
      orgUnitChanged(s.id, 'school', s.wardId, [s.level], named(s.name, s.wardId)),
    ),
  ];
  await pub.publish(org);
  await w.until(
    `SELECT count(*)::int AS n FROM org_unit_replica`,
    [],
    (r: Array<{ n: number }>) => r[0].n >= org.length,
    'the org tree',
  );
  const before = Number((await w.rows(`SELECT count(*)::int AS n FROM processed_event`))[0].n);
  const events: EventEnvelope[] = [];
  for (const s of p.schools) {
    events.push(
      w.staff({
        staffId: s.principal.staffId,
        schoolId: s.id,
        accountSubject: s.principal.account,
        role: 'principal',
      }),
    );
    for (const t of s.teachers.values())
      events.push(w.staff({ staffId: t.staffId, schoolId: s.id, accountSubject: t.account }));
  }
  let n = 0;
  for (const c of p.classes) {
    const schoolId = c.school.id;
    events.push(
      w.staff({ staffId: c.homeroom.staffId, schoolId, accountSubject: c.homeroom.account }),
      w.classFormed({
        classId: c.id,
        schoolId,
        grade: c.grade,
        name: c.name,
        homeroomTeacherId: c.homeroom.staffId,
      }),
      ...c.subjects.map((s) =>
        w.assigned({
          classId: c.id,
          schoolId,
          staffId: c.school.teachers.get(s.rule.code)!.staffId,
          subjectCode: s.rule.code,
        }),
      ),
    );
    for (const studentId of c.learners) {
      events.push(
        w.enrolled({ studentId, schoolId, grade: c.grade, classId: c.id, className: c.name }),
        identity(studentId, schoolId, n++),
      );
    }
  }
  await pub.publish(events);
  await waitFor(
    async () =>
      Number((await w.rows(`SELECT count(*)::int AS n FROM processed_event`))[0].n) >=
      before + events.length,
    { timeoutMs: 3_600_000, intervalMs: 500, description: 'the rosters projected' },
  );
  return org.length + events.length;
}

function identity(studentId: string, schoolId: string, n: number) {
  return newTypedEvent(EventTypes.learnerIdentityRecorded, {
    source: 'enrollment',
    subjectId: studentId,
    orgUnitId: schoolId,
    data: {
      studentId,
      fullName: `${FAMILY[n % 10]} ${MIDDLE[(n >> 1) % 8]} ${GIVEN[(n * 7) % 10]}`,
      dateOfBirth: `20${String(8 + (n % 6)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
      gender: n % 2 ? 'male' : 'female',
      ethnicity: n % 5 ? 'Kinh' : 'Tày',
      personalIdLast4: String(1000 + (n % 9000)),
      recordedAt: '2025-08-01T02:00:00.000Z',
    },
  });
}

/** A teacher's marks for one class, subject and term: deterministic, varied, complete. */
function marksOf(c: BenchClass, s: BenchClass['subjects'][number], term: number) {
  return c.learners.map((studentId, i) => {
    if (s.rule.mode === 'commented')
      return {
        studentId,
        regular: Array(s.regular).fill('Đ'),
        midTerm: 'Đ',
        endOfTerm: 'Đ',
      };
    const v = (k: number) => String(4 + ((i * 3 + k * 7 + term + s.rule.code.length) % 6));
    return {
      studentId,
      regular: Array.from({ length: s.regular }, (_, k) => v(k)),
      midTerm: `${v(9)}.5`,
      endOfTerm: v(11),
    };
  });
}

/** Calls the API, failing on anything but 2xx. */
export async function ok(
  w: RosterWorld,
  method: string,
  path: string,
  token: string,
  body?: unknown,
) {
  const r = await w.call(method, path, token, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** Both terms of one class, up to the homeroom teacher's confirmation: 52 calls. */
export async function closeTerms(
  w: RosterWorld,
  c: BenchClass,
  token: (account: string, schoolId: string) => Promise<string>,
): Promise<number> {
  const homeroom = await token(c.homeroom.account, c.school.id);
  let calls = 0;
  for (const term of [1, 2]) {
    for (const s of c.subjects) {
      const path = `/classes/${c.id}/subjects/${s.rule.code}/terms/${term}/marks`;
      const teacher = await token(c.school.teachers.get(s.rule.code)!.account, c.school.id);
      await ok(w, 'PUT', path, teacher, { marks: marksOf(c, s, term) });
      await ok(w, 'POST', `${path}/confirmation`, teacher);
      calls += 2;
    }
    await ok(w, 'PUT', `/classes/${c.id}/terms/${term}/conduct`, homeroom, {
      entries: c.learners.map((studentId, i) => ({
        studentId,
        conduct: i % 4 ? 'good' : 'fair',
        absentSessions: i % 5,
        remarks: REMARKS[i % REMARKS.length],
      })),
    });
    await ok(w, 'POST', `/classes/${c.id}/terms/${term}/confirmation`, homeroom);
    calls += 2;
  }
  return calls;
}

/** Runs `f` over `items`, `concurrency` at a time. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  f: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await f(items[next++]);
    }),
  );
}
