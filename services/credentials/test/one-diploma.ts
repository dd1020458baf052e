import { randomUUID } from 'node:crypto';
import { orgUnitChanged } from '@qn/testing';
import { CredentialsWorld, SCHOOL_YEAR } from './credentials-world';

export interface IssuedDiploma {
  credentialId: string;
  hash: string;
  document: Record<string, unknown>;
  serialNumber: string;
  holderName: string;
  /** Ids of the org tree, and a principal's token for the school. */
  schoolId: string;
  principal: string;
}

/**
 * One lower-secondary diploma issued the way the service issues them: the org tree, the
 * learner's identity and records' assessment as events, the school's list, the commune's decision.
 */
export async function issueOneDiploma(
  w: CredentialsWorld,
  holderName = 'Lê Thị Thu Hà',
): Promise<IssuedDiploma> {
  const [province, ward, school, student] = [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
  ];
  const named = (name: string, parent: string | null) => ({
    versions: [{ validFrom: '2025-07-01', validTo: null, parentId: parent, name }],
  });
  const events = [
    orgUnitChanged(province, 'province', null, [], named('Tỉnh Quảng Ninh', null)),
    orgUnitChanged(ward, 'ward', province, [], named('Phường Cẩm Phả', province)),
    orgUnitChanged(school, 'school', ward, ['lower-secondary'], named('Trường THCS Cẩm Phả', ward)),
    w.identity(student, school, holderName, '2011-04-09'),
    w.eligibility({
      studentId: student,
      schoolId: school,
      level: 'lower-secondary',
      outcome: 'eligible',
    }),
  ];
  await w.publish(events);
  await w.processed(events.slice(3));
  await w.until(
    `SELECT 1 FROM org_unit_replica WHERE id = ANY($1::uuid[])`,
    [[province, ward, school]],
    (r) => r.length === 3,
    'the org tree',
  );
  const principal = await w.env.token('principal', school, 'ht-thcs-cam-pha');
  const commune = await w.env.token('commune', ward, 'ubnd-cam-pha');
  const list = await w.ok('POST', `/schools/${school}/graduation-lists`, principal, {
    level: 'lower-secondary',
    schoolYear: SCHOOL_YEAR,
  });
  await w.ok('POST', `/graduation-lists/${list.body.id}/approval`, commune, {
    decisionReference: '27/QĐ-UBND',
    decidedOn: '2026-06-20',
  });
  const [row] = await w.rows<{
    id: string;
    credential_hash: string;
    document: Record<string, unknown>;
    serial_number: string;
  }>(
    `SELECT c.id, c.credential_hash, c.document, e.serial_number
       FROM credential c JOIN register_entry e ON e.id = c.entry_id WHERE e.learner_id = $1`,
    [student],
  );
  return {
    credentialId: row.id,
    hash: row.credential_hash,
    document: row.document,
    serialNumber: row.serial_number,
    holderName,
    schoolId: school,
    principal,
  };
}
