import { createHash, verify as verifySignature } from 'node:crypto';
import {
  b64url,
  CRITICAL_HEADERS,
  encodeProtectedHeader,
  formatSigningTime,
  signingInput,
  type FlattenedJws,
  type RecordProtectedHeader,
} from '../jws';
import { parseCertificate, publicKeyOf } from '../pki/certificates';
import type { DocumentSigner, SignerIdentity } from '../ports/document-signer';
import type {
  CredentialInfoRequest,
  RemoteCredential,
  RemoteSigningClient,
  SignHashAccepted,
  SignHashRequest,
  SignHashResult,
} from '../ports/remote-signing';

export interface RemoteSignerOptions {
  clock?: () => Date;
  /** How often to ask whether the signer approved; default 2 s. */
  pollIntervalMs?: number;
  /** Give up after this; default 5 minutes (CAs expire requests after a few minutes). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Shown to the signer in the CA's app. */
  describe?: (signer: SignerIdentity) => string;
}

/** DER ECDSA-Sig-Value → JWS r||s (RFC 7518 §3.4); a 64-byte value is already r||s. */
export function ecdsaDerToJose(sig: Buffer, size = 32): Buffer {
  // JWS wants r||s, each left-padded to the curve size; CAs mostly return DER.
  if (sig.length === size * 2) return sig;
  let i = 2 + (sig[1] & 0x80 ? sig[1] & 0x7f : 0);
  const part = (): Buffer => {
    if (sig[i] !== 0x02) throw new Error('not a DER ECDSA signature');
    const len = sig[i + 1];
    const v = sig.subarray(i + 2, i + 2 + len);
    i += 2 + len;
    const trimmed = v[0] === 0 ? v.subarray(1) : v;
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  if (sig[0] !== 0x30) throw new Error('not a DER ECDSA signature');
  return Buffer.concat([part(), part()]);
}

/**
 * Signs through a CA's remote signing service: fetches the signer's certificate chain (it must
 * be in the protected header before anything is signed), hashes the JWS signing input, asks the
 * CA to have the signer approve, waits, and checks the returned signature against the
 * certificate before handing it back.
 */
export class RemoteSigner implements DocumentSigner {
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: RemoteSigningClient,
    private readonly options: RemoteSignerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async certificateChain(signer: SignerIdentity): Promise<string[]> {
    return (await this.client.credentialInfo({ signerId: signer.id })).certificates;
  }

  async sign(payload: Uint8Array, signer: SignerIdentity): Promise<FlattenedJws> {
    const credential = await this.client.credentialInfo({ signerId: signer.id });
    const alg = credential.keyAlgorithm === 'RSA' ? 'RS256' : 'ES256';
    const header: RecordProtectedHeader = {
      alg,
      x5c: credential.certificates,
      role: signer.role,
      sigT: formatSigningTime(this.clock()),
      crit: [...CRITICAL_HEADERS],
    };
    const protectedB64 = encodeProtectedHeader(header);
    const payloadB64 = b64url(payload);
    const input = signingInput(protectedB64, payloadB64);
    const accepted = await this.client.signHash({
      credentialId: credential.credentialId,
      hashAlgorithm: 'SHA-256',
      hashes: [createHash('sha256').update(input).digest('base64')],
      signatureAlgorithm: alg,
      description:
        this.options.describe?.(signer) ?? `Ký văn bản số (${signer.role}), ${header.sigT}`,
      // The payload is the canonical document: its SHA-256 names it (a học bạ's recordHash).
      documentId: createHash('sha256').update(payload).digest('hex'),
    });
    const result = await this.waitForApproval(accepted.transactionId);
    let signature: Buffer = Buffer.from(result, 'base64');
    if (alg === 'ES256') signature = ecdsaDerToJose(signature);
    // A CA (or its adapter) returning a signature over the wrong hash is caught here, not later.
    const leaf = parseCertificate(credential.certificates[0]);
    const ok = verifySignature(
      'sha256',
      input,
      alg === 'ES256' ? { key: publicKeyOf(leaf), dsaEncoding: 'ieee-p1363' } : publicKeyOf(leaf),
      signature,
    );
    if (!ok) throw new Error('the remote signature does not verify with the signer certificate');
    return { payload: payloadB64, protected: protectedB64, signature: b64url(signature) };
  }

  private async waitForApproval(transactionId: string): Promise<string> {
    const interval = this.options.pollIntervalMs ?? 2000;
    const deadline = Date.now() + (this.options.timeoutMs ?? 300_000);
    for (;;) {
      const r = await this.client.signatureResult(transactionId);
      if (r.status === 'approved' && r.signatures?.[0]) return r.signatures[0];
      if (r.status === 'rejected') throw new Error('the signer rejected the signing request');
      if (r.status === 'expired') throw new Error('the signing request expired unapproved');
      if (Date.now() >= deadline) throw new Error('no approval before the time-out');
      await this.sleep(interval);
    }
  }
}

/** The HTTP adapter of the remote signing port (JSON over HTTPS, bearer token). */
export class HttpRemoteSigningClient implements RemoteSigningClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string> | string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  credentialInfo(request: CredentialInfoRequest): Promise<RemoteCredential> {
    return this.call('POST', 'credentials/info', request);
  }

  signHash(request: SignHashRequest): Promise<SignHashAccepted> {
    return this.call('POST', 'signatures/sign-hash', request);
  }

  signatureResult(transactionId: string): Promise<SignHashResult> {
    return this.call('GET', `signatures/${encodeURIComponent(transactionId)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetchImpl(new URL(path, this.baseUrl.replace(/\/?$/, '/')), {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`remote signing ${method} ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }
}
