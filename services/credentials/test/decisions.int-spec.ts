import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { EventEnvelope, Topics } from '@qn/contracts';
import { orgUnitChanged, waitFor } from '@qn/testing';
import { CredentialsWorld, SCHOOL_YEAR } from './credentials-world';

type Check = { check: string; outcome: string; code: string; message: string };

/**
 * After issuing, against real Kafka, PostgreSQL and Redis: public verification of a presented
 * diploma (JSON, QR link, QR photo, pasted text) with six ordered checks, and the competent
 * authority's decisions — suspension, reinstatement, correction, reissue, revocation — each
 * shown by the public status lists and the register at the next verification.
 */
describe('credentials: verification and the authority’s decisions', () => {
  const w = new CredentialsWorld();
  const id = () => randomUUID();
  const [province, ward, thpt] = [id(), id(), id()];
  const chi = id();
  let events: Array<{ key: string; event: EventEnvelope }> = [];
  let department: string;
  let commune: string;
  let entryId: string;
  // The holders' wallets (the local adapter's folder).
  const wallet = mkdtempSync(join(tmpdir(), 'qn-wallet-'));

  const named = (name: string, parent: string | null) => ({
    versions: [{ validFrom: '2025-07-01', validTo: null, parentId: parent, name }],
  });
  const outcomes = (checks: Check[]) => checks.map((c) => `${c.check}:${c.outcome}`);
  const credentialOf = async (credentialId?: string) => {
    const [row] = await w.rows<{
      id: string;
      document: Record<string, unknown>;
      credential_hash: string;
    }>(
      credentialId
        ? `SELECT id, document, credential_hash FROM credential WHERE id = $1`
        : `SELECT c.id, c.document, c.credential_hash FROM credential c WHERE c.entry_id = $1 ORDER BY version DESC LIMIT 1`,
      [credentialId ?? entryId],
    );
    return row;
  };
  const verify = async (body: unknown, contentType = 'application/json') => {
    const r = await fetch(`${w.url}/verification`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: Buffer.isBuffer(body)
        ? new Uint8Array(body)
        : typeof body === 'string'
          ? body
          : JSON.stringify(body),
    });
    expect(r.status).toBe(200);
    return (await r.json()) as {
      verified: boolean;
      verdict: string;
      checks: Check[];
      subject?: Record<string, unknown>;
    };
  };

  beforeAll(async () => {
    // Verification is rate-limited per client; this test is one client doing many.
    await w.start({
      RATE_LIMIT_ENABLED: 'false',
      CREDENTIALS_WALLET: 'local',
      CREDENTIALS_WALLET_DIR: wallet,
      CREDENTIALS_WALLET_INTERVAL_MS: '300',
    });
    const seed = [
      orgUnitChanged(province, 'province', null, [], named('Tỉnh Quảng Ninh', null)),
      orgUnitChanged(ward, 'ward', province, [], named('Phường Bãi Cháy', province)),
      orgUnitChanged(
        thpt,
        'school',
        ward,
        ['upper-secondary'],
        named('Trường THPT Bãi Cháy', ward),
      ),
      w.identity(chi, thpt, 'Vũ Minh Chí', '2008-01-20'),
      w.eligibility({
        studentId: chi,
        schoolId: thpt,
        level: 'upper-secondary',
        outcome: 'eligible',
      }),
    ];
    await w.publish(seed);
    await w.processed(seed.slice(3));
    await w.until(`SELECT 1 FROM org_unit_replica`, [], (r) => r.length === 3, 'the org tree');
    events = await w.read(Topics.credentialsCredentials);
    department = await w.env.token('province', province, 'sgddt');
    commune = await w.env.token('commune', ward, 'ubnd-bai-chay');
    const principal = await w.env.token('principal', thpt, 'ht');
    const list = await w.ok('POST', `/schools/${thpt}/graduation-lists`, principal, {
      level: 'upper-secondary',
      schoolYear: SCHOOL_YEAR,
    });
    await w.ok('POST', `/graduation-lists/${list.body.id}/approval`, department, {
      decisionReference: '1024/QĐ-SGDĐT',
      decidedOn: '2026-07-15',
    });
    [{ id: entryId }] = await w.rows<{ id: string }>(
      `SELECT id FROM register_entry WHERE learner_id = $1`,
      [chi],
    );
  }, 180000);
  afterAll(async () => {
    await w.stop();
    rmSync(wallet, { recursive: true, force: true });
  });

  it('verifies a presented diploma in six ordered checks, and says what it is', async () => {
    const { document } = await credentialOf();
    const r = await verify(document);
    expect(r.verified).toBe(true);
    expect(outcomes(r.checks)).toEqual([
      'well-formed:passed',
      'signature:passed',
      'issuer-trusted:passed',
      'not-expired:passed',
      'status:passed',
      'register:passed',
    ]);
    expect(r.verdict).toMatch(/^Văn bằng hợp lệ/);
    expect(r.subject).toMatchObject({ holderName: 'Vũ Minh Chí', graduationYear: 2026 });
  });

  it('verifies by the QR code: its link, its text, a photo of it', async () => {
    const { id: credentialId, document, credential_hash: hash } = await credentialOf();
    const link = `${w.publicUrl}/verify?c=${credentialId}&h=${hash}`;
    const byLink = await fetch(`${w.url}/verification?c=${credentialId}&h=${hash}`);
    expect(((await byLink.json()) as { verified: boolean }).verified).toBe(true);
    expect((await verify(link, 'text/plain')).verified).toBe(true);
    const png = await QRCode.toBuffer(link, { type: 'png', margin: 2, scale: 6 });
    expect((await verify(png, 'image/png')).verified).toBe(true);
    expect((await verify(JSON.stringify(document), 'text/plain')).verified).toBe(true);
    // A link whose hash is not the credential's finds nothing to vouch for.
    const wrong = await fetch(`${w.url}/verification?c=${credentialId}&h=${'0'.repeat(64)}`);
    const body = (await wrong.json()) as { verified: boolean; checks: Check[] };
    expect(body.verified).toBe(false);
    expect(body.checks[5]).toMatchObject({
      check: 'register',
      outcome: 'failed',
      code: 'hash-mismatch',
    });
    const bad = await fetch(`${w.url}/verification?c=nope&h=1`);
    expect(bad.status).toBe(400);
  });

  it('explains what is wrong with a tampered copy, garbage, a picture without a code', async () => {
    const { document } = await credentialOf();
    const subject = document.credentialSubject as { identifier: Array<{ identityHash: string }> };
    const tampered = {
      ...document,
      credentialSubject: {
        ...subject,
        identifier: [{ ...subject.identifier[0], identityHash: 'Vũ Minh Trí' }],
      },
    };
    const t = await verify(tampered);
    expect(t.verified).toBe(false);
    expect(t.checks[1]).toMatchObject({
      check: 'signature',
      outcome: 'failed',
      code: 'signature-invalid',
    });
    expect(t.verdict).toMatch(/KHÔNG hợp lệ/);
    const garbage = await verify('this is not a diploma', 'text/plain');
    expect(garbage.checks[0]).toMatchObject({ outcome: 'failed', code: 'not-a-link' });
    const noCode = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const picture = await verify(noCode, 'image/png');
    expect(picture.checks[0]).toMatchObject({ outcome: 'failed', code: 'qr-not-found' });
    const foreign = await verify({
      ...document,
      proof: { ...(document.proof as object), type: 'Ed25519Signature2020' },
    });
    expect(foreign.checks[0]).toMatchObject({
      check: 'well-formed',
      outcome: 'failed',
      code: 'unsupported-proof',
    });
  });

  it('delivers the diploma to its holder’s wallet, as signed', async () => {
    const { id, document } = await credentialOf();
    const file = join(wallet, chi, `${id}.json`);
    await waitFor(async () => existsSync(file) || undefined, {
      timeoutMs: 30000,
      description: 'the wallet’s copy',
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
    const [row] = await w.rows(
      `SELECT state, attempts FROM wallet_delivery WHERE credential_id = $1`,
      [id],
    );
    expect(row).toEqual({ state: 'delivered', attempts: 1 });
  });

  it('suspends and reinstates by the department’s decision; the status list says so', async () => {
    const { document } = await credentialOf();
    const notCompetent = await w.call('POST', `/register-entries/${entryId}/suspension`, commune, {
      decisionReference: '44/QĐ-SGDĐT',
      reason: 'under-investigation',
    });
    expect(notCompetent.status).toBe(404);
    const s = await w.ok('POST', `/register-entries/${entryId}/suspension`, department, {
      decisionReference: '44/QĐ-SGDĐT',
      reason: 'under-investigation',
    });
    expect(s.body).toMatchObject({ status: 'suspended', reason: 'under-investigation' });
    const suspended = await verify(document);
    expect(suspended.checks[4]).toMatchObject({
      check: 'status',
      outcome: 'failed',
      code: 'suspended',
    });
    const twice = await w.call('POST', `/register-entries/${entryId}/suspension`, department, {
      decisionReference: '44/QĐ-SGDĐT',
      reason: 'under-investigation',
    });
    expect(twice.status).toBe(409);
    await w.ok('POST', `/register-entries/${entryId}/reinstatement`, department, {
      decisionReference: '52/QĐ-SGDĐT',
    });
    expect((await verify(document)).verified).toBe(true);
  });

  it('corrects an entry as a new version: the old credential no longer counts, the new one does', async () => {
    const before = await credentialOf();
    const nothing = await w.call('POST', `/register-entries/${entryId}/corrections`, department, {
      decisionReference: '60/QĐ-SGDĐT',
      reason: 'Giấy khai sinh',
      changes: { fullName: 'Vũ Minh Chí' },
    });
    expect(nothing.status).toBe(400);
    const r = await w.ok('POST', `/register-entries/${entryId}/corrections`, department, {
      decisionReference: '60/QĐ-SGDĐT',
      reason: 'Giấy khai sinh ghi tên khác',
      changes: { fullName: 'Vũ Minh Trí', placeOfBirth: 'Hạ Long' },
    });
    expect(r.body).toMatchObject({
      version: 2,
      fields: ['fullName', 'placeOfBirth'],
      previousCredentialId: before.id,
    });
    const after = await credentialOf(r.body.credentialId);
    expect(after.document).toMatchObject({
      credentialVersion: 2,
      previousCredential: `urn:uuid:${before.id}`,
    });
    const fresh = await verify(after.document);
    expect(fresh.verified).toBe(true);
    expect(fresh.subject).toMatchObject({ holderName: 'Vũ Minh Trí' });
    const old = await verify(before.document);
    expect(old.verified).toBe(false);
    expect(old.checks[4]).toMatchObject({ check: 'status', code: 'revoked' });
    expect(old.checks[5]).toMatchObject({ check: 'register', outcome: 'failed' });
    const [history] = await w.rows<{
      previous: Record<string, unknown>;
      decision_reference: string;
    }>(
      `SELECT previous, decision_reference FROM register_entry_change WHERE entry_id = $1 AND change = 'corrected'`,
      [entryId],
    );
    expect(history).toEqual({
      previous: { fullName: 'Vũ Minh Chí', placeOfBirth: null },
      decision_reference: '60/QĐ-SGDĐT',
    });
    const corrected = await waitFor(
      async () => events.find((e) => e.event.type === 'credentials.credential.corrected'),
      { timeoutMs: 30000, description: 'credentials.credential.corrected' },
    );
    expect(corrected.key).toBe(entryId);
    expect(corrected.event.data).toMatchObject({
      fields: ['fullName', 'placeOfBirth'],
      version: 2,
    });
    expect(JSON.stringify(corrected.event)).not.toMatch(/Trí|Chí|Hạ Long/);
  });

  it('issues certified copies from the register, numbered per register, printable', async () => {
    const first = await w.ok('POST', `/register-entries/${entryId}/certified-copies`, department, {
      copies: 2,
      requester: 'holder',
      purpose: 'Hồ sơ xin việc',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ copyNumber: 1, copies: 2 });
    expect(first.body.reference).toMatch(/^1\/BS-THPT-2026-/);
    const second = await w.ok('POST', `/register-entries/${entryId}/certified-copies`, department, {
      copies: 1,
      requester: 'agency',
    });
    expect(second.body.copyNumber).toBe(2);
    const pdf = await fetch(`${w.url}/certified-copies/${first.body.copyId}/pdf`, {
      headers: { authorization: `Bearer ${department}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const bad = await w.call('POST', `/register-entries/${entryId}/certified-copies`, department, {
      copies: 0,
      requester: 'someone',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'copies',
      'requester',
    ]);

    // A digitised entry is copied only once a reviewer confirmed it against the paper page.
    const register = await w.ok('POST', '/registers', department, {
      kind: 'upper-secondary-diploma',
      authorityName: 'Sở Giáo dục và Đào tạo Quảng Ninh',
      authorityId: province,
      schoolId: thpt,
      schoolName: 'Trường THPT Bãi Cháy',
      graduationYear: 2001,
      registerCode: `THPT-2001-${randomUUID().slice(0, 6)}`,
      expectedEntries: 1,
      archiveReference: 'hộp 9',
    });
    await w.ok(
      'POST',
      `/registers/${register.body.id}/entries/import`,
      department,
      'so_vao_so,so_hieu,ho_ten,ngay_sinh,trang_scan\n1,C 0001,Lê Thị Hoa,02/03/1983,p1\n',
    );
    const [{ id: historic }] = await w.rows<{ id: string }>(
      `SELECT id FROM register_entry WHERE register_id = $1`,
      [register.body.id],
    );
    const unreviewed = await w.call(
      'POST',
      `/register-entries/${historic}/certified-copies`,
      department,
      {
        copies: 1,
        requester: 'holder',
      },
    );
    expect(unreviewed.status).toBe(409);
    expect(unreviewed.body.type).toMatch(/entry-not-confirmed$/);
    await w.ok('PUT', `/register-entries/${historic}/review`, department, { state: 'confirmed' });
    const copied = await w.ok(
      'POST',
      `/register-entries/${historic}/certified-copies`,
      department,
      {
        copies: 1,
        requester: 'holder',
      },
    );
    expect(copied.body.copyNumber).toBe(1);
  });

  it('reissues the same diploma as a new credential and revokes it for good', async () => {
    const before = await credentialOf();
    const r = await w.ok('POST', `/register-entries/${entryId}/reissues`, department, {
      reason: 'lost',
    });
    expect(r.body).toMatchObject({
      previousCredentialId: before.id,
      version: (before.document.credentialVersion as number) + 1,
    });
    const current = await credentialOf(r.body.credentialId);
    expect((await verify(current.document)).verified).toBe(true);
    // The new version reaches the wallet too.
    await waitFor(async () => existsSync(join(wallet, chi, `${current.id}.json`)) || undefined, {
      timeoutMs: 30000,
      description: 'the reissued credential in the wallet',
    });
    expect((await verify(before.document)).verified).toBe(false);

    await w.ok('POST', `/register-entries/${entryId}/revocation`, department, {
      decisionReference: '75/QĐ-SGDĐT',
      reason: 'fraud',
    });
    const revoked = await verify(current.document);
    expect(revoked.verified).toBe(false);
    expect(revoked.checks[4]).toMatchObject({
      check: 'status',
      outcome: 'failed',
      code: 'revoked',
    });
    expect(revoked.checks[5]).toMatchObject({ check: 'register', code: 'revoked-in-register' });
    for (const [path, body] of [
      ['reinstatement', { decisionReference: '76/QĐ-SGDĐT' }],
      ['corrections', { decisionReference: '77/QĐ', reason: 'x', changes: { ethnicity: 'Tày' } }],
      ['reissues', { reason: 'lost' }],
      ['certified-copies', { copies: 1, requester: 'holder' }],
    ] as const) {
      const refused = await w.call(
        'POST',
        `/register-entries/${entryId}/${path}`,
        department,
        body,
      );
      expect(refused.status).toBe(409);
    }
    const types = await waitFor(
      async () => {
        const t = events.filter((e) => e.key === entryId).map((e) => e.event.type);
        return t.includes('credentials.credential.revoked') ? t : undefined;
      },
      { timeoutMs: 30000, description: 'the entry’s events' },
    );
    expect(types).toEqual([
      'credentials.credential.issued',
      'credentials.credential.suspended',
      'credentials.credential.reinstated',
      'credentials.credential.corrected',
      'credentials.credential.reissued',
      'credentials.credential.revoked',
    ]);
  });
});
