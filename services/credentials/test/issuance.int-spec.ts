import { randomUUID } from 'node:crypto';
import { EventEnvelope, Topics } from '@qn/contracts';
import { orgUnitChanged, waitFor } from '@qn/testing';
import { verifyCredential } from '../src/shared/verifiable-credentials/verify-credential';
import { CredentialsWorld, SCHOOL_YEAR } from './credentials-world';

/**
 * From records' graduation assessments to signed diplomas, against real Kafka, PostgreSQL and
 * Redis: the school proposes its list, only the competent authority approves it (the commune for
 * lower secondary, the department for upper secondary), and each learner's diploma is entered in
 * the authority's register and issued as a credential anyone can verify with what the service
 * publishes (the issuer's keys, the status lists). Nothing is issued twice.
 */
describe('credentials: issuing diplomas from graduation lists', () => {
  const w = new CredentialsWorld();
  const id = () => randomUUID();
  const [province, ward, otherWard, thcs, thpt] = [id(), id(), id(), id(), id()];
  const [an, binh, chi] = [id(), id(), id()];
  let issued: Array<{ key: string; event: EventEnvelope }> = [];
  let principalThcs: string;
  let principalThpt: string;
  let commune: string;
  let otherCommune: string;
  let department: string;

  const named = (name: string, parent: string | null) => ({
    versions: [{ validFrom: '2025-07-01', validTo: null, parentId: parent, name }],
  });

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(province, 'province', null, [], named('Tỉnh Quảng Ninh', null)),
      orgUnitChanged(ward, 'ward', province, [], named('Phường Bãi Cháy', province)),
      orgUnitChanged(otherWard, 'ward', province, [], named('Phường Hồng Gai', province)),
      orgUnitChanged(
        thcs,
        'school',
        ward,
        ['lower-secondary'],
        named('Trường THCS Bãi Cháy', ward),
      ),
      orgUnitChanged(
        thpt,
        'school',
        ward,
        ['upper-secondary'],
        named('Trường THPT Bãi Cháy', ward),
      ),
      w.identity(an, thcs, 'Phạm Thị Ngọc Ánh'),
      w.identity(binh, thcs, 'Hoàng Đức Bình'),
      w.identity(chi, thpt, 'Vũ Minh Chí', '2008-01-20'),
      w.eligibility({
        studentId: an,
        schoolId: thcs,
        level: 'lower-secondary',
        outcome: 'eligible',
      }),
      w.eligibility({
        studentId: binh,
        schoolId: thcs,
        level: 'lower-secondary',
        outcome: 'not-eligible',
        reason: 'absences',
      }),
      w.eligibility({
        studentId: chi,
        schoolId: thpt,
        level: 'upper-secondary',
        outcome: 'eligible',
      }),
    ];
    await w.publish(events);
    await w.processed(events.slice(5));
    await w.until(`SELECT 1 FROM org_unit_replica`, [], (r) => r.length === 5, 'the org tree');
    issued = await w.read(Topics.credentialsCredentials);
    principalThcs = await w.env.token('principal', thcs, 'ht-thcs');
    principalThpt = await w.env.token('principal', thpt, 'ht-thpt');
    commune = await w.env.token('commune', ward, 'ubnd-bai-chay');
    otherCommune = await w.env.token('commune', otherWard, 'ubnd-hong-gai');
    department = await w.env.token('province', province, 'sgddt');
  }, 180000);
  afterAll(() => w.stop());

  /** What a verifier needs, fetched from the service's public endpoints (no token). */
  async function verifyAsOutsider(credential: object) {
    return verifyCredential(credential, {
      now: new Date(),
      trustedIssuer: async (vm) => {
        const iri = vm.split('#')[0];
        const path = iri.replace(w.publicUrl, '');
        const r = await fetch(`${w.url}${path}`);
        if (r.status !== 200) return undefined;
        const doc = (await r.json()) as { id: string; name?: string };
        return { issuerIri: doc.id, name: doc.name ?? '', controllerDocument: doc };
      },
      statusListCredential: async (url) => {
        const r = await fetch(`${w.url}${url.replace(w.publicUrl, '')}`);
        return r.status === 200 ? ((await r.json()) as object) : undefined;
      },
    });
  }

  let thcsList: string;

  it('lets the school propose its eligible candidates, and only them', async () => {
    const r = await w.ok('POST', `/schools/${thcs}/graduation-lists`, principalThcs, {
      level: 'lower-secondary',
      schoolYear: SCHOOL_YEAR,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      state: 'proposed',
      members: 1,
      authority: { id: ward, name: 'Ủy ban nhân dân Phường Bãi Cháy', level: 'commune' },
    });
    thcsList = r.body.id;
    const again = await w.call('POST', `/schools/${thcs}/graduation-lists`, principalThcs, {
      level: 'lower-secondary',
      schoolYear: SCHOOL_YEAR,
    });
    expect(again.status).toBe(422);
    expect(again.body.type).toMatch(/no-eligible-candidates$/);
    const other = await w.call('POST', `/schools/${thpt}/graduation-lists`, principalThcs, {
      level: 'upper-secondary',
      schoolYear: SCHOOL_YEAR,
    });
    expect(other.status).toBe(403);
    const bad = await w.call('POST', `/schools/${thcs}/graduation-lists`, principalThcs, {
      level: 'university',
      schoolYear: '2025',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'level',
      'schoolYear',
    ]);
  });

  it('lets only the commune that manages a lower-secondary school approve its list', async () => {
    const decision = { decisionReference: '15/QĐ-UBND', decidedOn: '2026-06-20' };
    // Another commune does not reach the school's list at all: hidden, as a missing one.
    const outside = await w.call(
      'POST',
      `/graduation-lists/${thcsList}/approval`,
      otherCommune,
      decision,
    );
    expect(outside.status).toBe(404);
    const dept = await w.call(
      'POST',
      `/graduation-lists/${thcsList}/approval`,
      department,
      decision,
    );
    expect(dept.status).toBe(403);
    expect(dept.body.type).toMatch(/not-competent-authority$/);
    const r = await w.ok('POST', `/graduation-lists/${thcsList}/approval`, commune, decision);
    expect(r.body).toMatchObject({ state: 'approved', members: 1, issuedNow: 1, issued: 1 });

    const [entry] = await w.rows<Record<string, string>>(
      `SELECT e.entry_number, e.serial_number, e.holder_full_name, e.origin, e.review_state, e.issued_on::text,
              r.register_code, r.authority_name, c.document, c.credential_hash
         FROM register_entry e JOIN original_register r ON r.id = e.register_id
         JOIN credential c ON c.entry_id = e.id WHERE e.learner_id = $1`,
      [an],
    );
    const code = `THCS-2026-${(await w.rows<{ code: string }>(`SELECT code FROM org_unit_replica WHERE id = $1`, [ward]))[0].code}`;
    expect(entry).toMatchObject({
      entry_number: `00001/${code}`,
      serial_number: 'QN-THCS-2026-000001',
      holder_full_name: 'Phạm Thị Ngọc Ánh',
      origin: 'issued',
      review_state: 'confirmed',
      issued_on: '2026-06-20',
      register_code: code,
      authority_name: 'Ủy ban nhân dân Phường Bãi Cháy',
    });
    const credential = entry.document as unknown as Record<string, unknown>;
    expect(credential.issuer).toMatchObject({ id: `${w.publicUrl}/issuers/${ward}` });
    const report = await verifyAsOutsider(credential);
    expect(report.checks.map((c) => [c.check, c.outcome])).toEqual([
      ['well-formed', 'passed'],
      ['signature', 'passed'],
      ['issuer-trusted', 'passed'],
      ['not-expired', 'passed'],
      ['status', 'passed'],
    ]);
    expect(report.verified).toBe(true);

    const event = await waitFor(
      async () =>
        issued.map((e) => e.event).find((e) => (e.data as { learnerId: string }).learnerId === an),
      { timeoutMs: 30000, description: 'credentials.credential.issued' },
    );
    expect(event.type).toBe('credentials.credential.issued');
    expect(event.data).toMatchObject({
      kind: 'lower-secondary-diploma',
      schoolId: thcs,
      authorityId: ward,
      graduationYear: 2026,
      credentialHash: entry.credential_hash,
    });
    // Ids, numbers and hashes only: no name travels.
    expect(JSON.stringify(event)).not.toContain('Ánh');
  });

  it('issues nothing twice: the same decision again is a no-op, another decision is refused', async () => {
    const again = await w.ok('POST', `/graduation-lists/${thcsList}/approval`, commune, {
      decisionReference: '15/QĐ-UBND',
      decidedOn: '2026-06-20',
    });
    expect(again.body).toMatchObject({ issuedNow: 0, issued: 1 });
    const other = await w.call('POST', `/graduation-lists/${thcsList}/approval`, commune, {
      decisionReference: '16/QĐ-UBND',
      decidedOn: '2026-06-21',
    });
    expect(other.status).toBe(409);
    const [{ n }] = await w.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM register_entry WHERE learner_id = $1`,
      [an],
    );
    expect(n).toBe(1);
  });

  it('lets only the department approve an upper-secondary list, signed with its own key', async () => {
    const list = await w.ok('POST', `/schools/${thpt}/graduation-lists`, principalThpt, {
      level: 'upper-secondary',
      schoolYear: SCHOOL_YEAR,
    });
    expect(list.body.authority).toMatchObject({
      id: province,
      name: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh',
      level: 'department',
    });
    const decision = { decisionReference: '1024/QĐ-SGDĐT', decidedOn: '2026-07-15' };
    // Communes manage no upper-secondary school: the list is hidden from them.
    const byCommune = await w.call(
      'POST',
      `/graduation-lists/${list.body.id}/approval`,
      commune,
      decision,
    );
    expect(byCommune.status).toBe(404);
    await w.ok('POST', `/graduation-lists/${list.body.id}/approval`, department, decision);
    const [c] = await w.rows<{ document: Record<string, unknown> }>(
      `SELECT c.document FROM credential c JOIN register_entry e ON e.id = c.entry_id WHERE e.learner_id = $1`,
      [chi],
    );
    expect(c.document.issuer).toMatchObject({
      id: `${w.publicUrl}/issuers/${province}`,
      name: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh',
    });
    expect((await verifyAsOutsider(c.document)).verified).toBe(true);
    const read = await w.ok('GET', `/graduation-lists/${list.body.id}`, principalThpt);
    expect(read.body.members).toEqual([
      expect.objectContaining({
        studentId: chi,
        entryId: expect.any(String),
        credentialId: expect.any(String),
      }),
    ]);
  });

  it('publishes each authority’s keys and status lists without a token', async () => {
    const issuer = await fetch(`${w.url}/issuers/${ward}`);
    expect(issuer.status).toBe(200);
    const doc = (await issuer.json()) as { id: string; assertionMethod: string[] };
    expect(doc.id).toBe(`${w.publicUrl}/issuers/${ward}`);
    expect(doc.assertionMethod).toHaveLength(1);
    const [list] = await w.rows<{ id: string }>(
      `SELECT id FROM status_list WHERE authority_id = $1 AND purpose = 'revocation'`,
      [ward],
    );
    const status = await fetch(`${w.url}/status-lists/${list.id}`);
    expect(status.status).toBe(200);
    const body = (await status.json()) as {
      type: string[];
      credentialSubject: { statusPurpose: string };
    };
    expect(body.type).toContain('BitstringStatusListCredential');
    expect(body.credentialSubject.statusPurpose).toBe('revocation');
    expect((await fetch(`${w.url}/issuers/${randomUUID()}`)).status).toBe(404);
  });

  it('limits how often one client verifies (a verifier, not a crawler of the register)', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 22; i++)
      answers.push(
        (await fetch(`${w.url}/verification?c=${randomUUID()}&h=${'a'.repeat(64)}`)).status,
      );
    expect(answers.slice(0, 20).every((s) => s === 200)).toBe(true);
    const limited = await fetch(`${w.url}/verification?c=${randomUUID()}&h=${'a'.repeat(64)}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
