/** The province the bench publishes, as the registry would: its wards and primary schools. */
import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { EventTypes, newEvent, OrgUnitChangedV1, prefixedTopic, Topics } from '@qn/contracts';
import { testKafka } from '@qn/testing';

export interface Province {
  provinceId: string;
  wards: string[];
  schools: Array<{ id: string; wardId: string }>;
}

const uuid = () => {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function orgUnit(
  id: string,
  code: string,
  kind: OrgUnitChangedV1['kind'],
  name: string,
  parentId: string | null,
  school: OrgUnitChangedV1['school'] = null,
): OrgUnitChangedV1 {
  const validFrom = kind === 'province' ? '1963-10-30' : '2025-07-01';
  return {
    id,
    code,
    kind,
    name,
    parentId,
    validFrom,
    validTo: null,
    successorIds: [],
    versions: [{ validFrom, validTo: null, parentId, name }],
    school,
    revision: 1,
  };
}

/** Publishes the province, its wards and primary schools as the registry would (compacted topic, key = id). */
export async function publishProvince(
  prefix: string,
  wards: number,
  schools: number,
): Promise<Province> {
  const p: Province = { provinceId: uuid(), wards: [], schools: [] };
  const units: OrgUnitChangedV1[] = [
    orgUnit(p.provinceId, 'QN', 'province', 'Tỉnh Quảng Ninh', null),
  ];
  for (let w = 0; w < wards; w++) {
    const id = uuid();
    p.wards.push(id);
    units.push(orgUnit(id, `P-${w + 1}`, 'ward', `Phường ${w + 1}`, p.provinceId));
  }
  for (let s = 0; s < schools; s++) {
    const id = uuid();
    const wardId = p.wards[s % wards];
    p.schools.push({ id, wardId });
    units.push(
      orgUnit(
        id,
        `TH-${String(s + 1).padStart(3, '0')}`,
        'school',
        `Trường Tiểu học số ${s + 1}`,
        wardId,
        { levels: ['primary'], segment: 'urban', ownership: 'public' },
      ),
    );
  }
  const kafka = testKafka('bench-registry', 'registry');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: prefixedTopic(prefix, Topics.registryOrgUnits),
      messages: units.map((u) => ({
        key: u.id,
        value: JSON.stringify(
          newEvent({ ...EventTypes.orgUnitChanged, source: 'registry', subjectId: u.id, data: u }),
        ),
      })),
    });
  } finally {
    await producer.disconnect();
  }
  return p;
}
