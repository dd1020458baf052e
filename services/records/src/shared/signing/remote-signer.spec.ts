import {
  constants,
  createPrivateKey,
  generateKeyPairSync,
  privateEncrypt,
  sign,
  verify,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  certificateFingerprint,
  decodeProtectedHeader,
  ecdsaDerToJose,
  HttpRemoteSigningClient,
  LocalKeySigner,
  LocalRevocationList,
  mergeSignatures,
  RemoteSigner,
  toPem,
  toX5c,
} from '@qn/document-signing';
import { demoRecord } from '../../../demo/demo-record';
import {
  generateDemoPki,
  generateKeys,
  issueCertificate,
  privateKeyPem,
  type DemoPki,
} from '../../../demo/demo-pki';
import { canonicalBytes, recordHash } from './domain/canonical';
import { verifyRecord } from './domain/verify-record';

// DigestInfo prefix of SHA-256 (RFC 8017 §9.2): an RSA signature over a hash the CA received.
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const SIGNED_AT = new Date('2026-05-30T02:00:00Z');

/** A fake CA remote signing service: the signer "approves" on the second poll. */
function fakeCa(keyPem: string, certificates: string[], outcome: 'approved' | 'rejected') {
  const key = createPrivateKey(keyPem);
  const requests: { path: string; body: unknown; auth?: string }[] = [];
  const pending = new Map<string, { hash: Buffer; polls: number }>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({ path: `${req.method} ${req.url}`, body, auth: req.headers.authorization });
      const json = (v: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (req.url === '/csc/credentials/info')
        return json({ credentialId: 'cred-1', certificates, keyAlgorithm: 'RSA' });
      if (req.url === '/csc/signatures/sign-hash') {
        pending.set('tx-1', { hash: Buffer.from(body.hashes[0], 'base64'), polls: 0 });
        return json({ transactionId: 'tx-1', expiresAt: '2026-05-30T02:05:00Z' });
      }
      const tx = pending.get(decodeURIComponent((req.url ?? '').split('/').pop()!));
      if (!tx) return res.writeHead(404).end();
      if (++tx.polls < 2) return json({ transactionId: 'tx-1', status: 'pending' });
      if (outcome === 'rejected') return json({ transactionId: 'tx-1', status: 'rejected' });
      const signature = privateEncrypt(
        { key, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, tx.hash]),
      );
      return json({
        transactionId: 'tx-1',
        status: 'approved',
        signatures: [signature.toString('base64')],
      });
    });
  });
  return { server, requests };
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/csc`),
    ),
  );

describe('remote signing (a CA signs a hash after the signer approves)', () => {
  let pki: DemoPki;
  let principal: { pem: string; x5c: string[]; fingerprint: string };

  beforeAll(async () => {
    pki = await generateDemoPki(new Date('2026-01-01T00:00:00Z'));
    // Vietnamese CAs' remote signing keys are mostly RSA-2048: RS256.
    const keys = await generateKeys('RS256');
    const cert = await issueCertificate({
      subject: 'CN=Trần Văn Minh, OU=Hiệu trưởng, O=Trường THPT Demo Hạ Long, C=VN',
      keys,
      issuer: pki.vgcaIssuing,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    principal = {
      pem: await privateKeyPem(keys),
      x5c: toX5c([cert, pki.vgcaIssuing.cert]),
      fingerprint: certificateFingerprint(cert),
    };
  });

  it('signs through the HTTP adapter and the record verifies with the other signers', async () => {
    const { server, requests } = fakeCa(principal.pem, principal.x5c, 'approved');
    const base = await listen(server);
    try {
      const remote = new RemoteSigner(new HttpRemoteSigningClient(base, () => 'token-1'), {
        clock: () => SIGNED_AT,
        pollIntervalMs: 1,
      });
      const doc = demoRecord();
      const payload = canonicalBytes(doc);
      const local = new LocalKeySigner(
        pki.credentials.map((c) => ({
          identityId: c.identityId,
          privateKeyPem: c.privateKeyPem,
          chainPem: c.chain.map(toPem).join(''),
        })),
        () => SIGNED_AT,
      );
      const jws = mergeSignatures([
        await local.sign(payload, {
          id: 'demo-thpt-ha-long/homeroom-teacher',
          role: 'homeroom-teacher',
        }),
        await remote.sign(payload, { id: 'staff-principal-1', role: 'principal' }),
        await local.sign(payload, { id: 'demo-thpt-ha-long/school-seal', role: 'school-seal' }),
      ]);
      expect(decodeProtectedHeader(jws.signatures[1].protected)).toMatchObject({
        alg: 'RS256',
        role: 'principal',
        x5c: principal.x5c,
      });
      expect(requests.map((r) => r.path)).toEqual([
        'POST /csc/credentials/info',
        'POST /csc/signatures/sign-hash',
        'GET /csc/signatures/tx-1',
        'GET /csc/signatures/tx-1',
      ]);
      expect(requests[1].body).toMatchObject({
        credentialId: 'cred-1',
        hashAlgorithm: 'SHA-256',
        signatureAlgorithm: 'RS256',
        documentId: recordHash(doc),
      });
      expect(requests.every((r) => r.auth === 'Bearer token-1')).toBe(true);

      const report = await verifyRecord(doc, jws, {
        now: new Date('2026-06-01T00:00:00Z'),
        trustAnchors: [toPem(pki.vgcaRoot.cert)],
        registeredSigners: [
          ...pki.credentials.map((c) => ({
            role: c.role,
            schoolId: c.schoolId,
            certificateSha256: c.fingerprint,
          })),
          { role: 'principal', schoolId: doc.schoolId, certificateSha256: principal.fingerprint },
        ],
        revocation: new LocalRevocationList([]),
      });
      expect(report.failures).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('fails when the signer rejects the request', async () => {
    const { server } = fakeCa(principal.pem, principal.x5c, 'rejected');
    const base = await listen(server);
    try {
      const remote = new RemoteSigner(new HttpRemoteSigningClient(base, () => 't'), {
        pollIntervalMs: 1,
      });
      await expect(
        remote.sign(new Uint8Array([1]), { id: 'p', role: 'principal' }),
      ).rejects.toThrow('rejected');
    } finally {
      server.close();
    }
  });

  it('turns a DER ECDSA signature into the JWS r||s form', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 20; i++) {
      const msg = Buffer.from(`message ${i}`);
      const der = sign('sha256', msg, privateKey);
      const raw = ecdsaDerToJose(der);
      expect(raw).toHaveLength(64);
      expect(verify('sha256', msg, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
  });
});
