import { flattenedVerify } from 'jose';
import {
  checkCertificatePath,
  type PathCheckName,
  type PathFailure,
  certificateFingerprint,
  commonName,
  parseCertificate,
  publicKeyOf,
  type Certificate,
  CRITICAL_HEADERS,
  decodeProtectedHeader,
  fromB64url,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
  type RevocationChecker,
} from '@qn/document-signing';
import { canonicalJson, recordHash, type JsonValue } from './canonical';
import {
  isSignerRole,
  REQUIRED_ROLES,
  type GeneralJws,
  type RecordDocument,
  type SignedVersion,
  type SignerRole,
} from './record';

export type CheckName =
  | 'jws'
  | 'payload'
  | 'signature'
  | 'signing-time'
  | PathCheckName
  | 'expected-signer'
  | 'required-roles'
  | 'history';

export type FailureCode =
  | 'malformed-jws'
  | 'payload-mismatch'
  | 'bad-signature'
  | 'unsupported-algorithm'
  | 'bad-header'
  | 'signed-in-future'
  | PathFailure
  | 'unexpected-signer'
  | 'missing-role'
  | 'history-missing'
  | 'history-broken';

export interface VerificationCheck {
  check: CheckName;
  /** What was checked: "v2", "v2 signature #1 (principal)", "v1 → v2". */
  target: string;
  ok: boolean;
  failure?: FailureCode;
  detail: string;
}

export interface SignatureSummary {
  version: number;
  index: number;
  role?: SignerRole;
  signer?: string;
  certificateSha256?: string;
  signedAt?: string;
  valid: boolean;
}

export interface VerificationReport {
  valid: boolean;
  recordId: string;
  version: number;
  recordHash: string;
  /** Every check in order: the current version, the history links, then earlier versions. */
  checks: VerificationCheck[];
  failures: VerificationCheck[];
  signatures: SignatureSummary[];
}

/** A signer's certificate registered with the platform for a role at a school. */
export interface RegisteredSigner {
  role: SignerRole;
  schoolId: string;
  /** SHA-256 of the certificate's DER, hex. */
  certificateSha256: string;
}

export interface VerifyOptions {
  /** Signing times after this are refused; nothing else reads the clock. */
  now: Date;
  /** Root certificates (PEM, base64 DER or parsed): the configured trust anchors. */
  trustAnchors: (string | Certificate)[];
  /** Whose certificate may sign for which role at which school. */
  registeredSigners: RegisteredSigner[];
  revocation: RevocationChecker;
  /** Default: homeroom teacher, principal, school seal. */
  requiredRoles?: readonly SignerRole[];
  /** Default: ES256, EdDSA, RS256. */
  algorithms?: readonly SignatureAlgorithm[];
  /** Earlier versions (any order) when the document is a correction. */
  history?: SignedVersion[];
}

/** The first path where two JSON values differ, for telling which part was changed. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const sub = Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`;
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      sub,
    );
    if (d) return d;
  }
  return undefined;
}

function isGeneralJws(v: unknown): v is GeneralJws {
  const j = v as GeneralJws;
  return (
    typeof j === 'object' &&
    j !== null &&
    typeof j.payload === 'string' &&
    Array.isArray(j.signatures) &&
    j.signatures.every((s) => typeof s?.protected === 'string' && typeof s?.signature === 'string')
  );
}

interface VersionResult {
  checks: VerificationCheck[];
  signatures: SignatureSummary[];
}

async function verifyVersion(
  document: RecordDocument,
  jws: GeneralJws,
  anchors: Certificate[],
  options: VerifyOptions,
): Promise<VersionResult> {
  const v = `v${document.version}`;
  const checks: VerificationCheck[] = [];
  const signatures: SignatureSummary[] = [];
  if (!isGeneralJws(jws) || jws.signatures.length === 0) {
    checks.push({
      check: 'jws',
      target: v,
      ok: false,
      failure: 'malformed-jws',
      detail: 'not a JWS in the General JSON Serialization with at least one signature',
    });
    return { checks, signatures };
  }

  // The payload must be this document's canonical form: otherwise the signatures, however
  // good, are over something else (the content was changed after signing).
  const expected = canonicalJson(document);
  const signed = fromB64url(jws.payload).toString('utf8');
  if (signed === expected) {
    checks.push({
      check: 'payload',
      target: v,
      ok: true,
      detail: `the signed payload is the document (sha256 ${recordHash(document)})`,
    });
  } else {
    let where = '';
    try {
      where = ` at ${firstDifference(JSON.parse(signed), JSON.parse(expected)) ?? '$'}`;
    } catch {
      where = ' (the payload is not JSON)';
    }
    checks.push({
      check: 'payload',
      target: v,
      ok: false,
      failure: 'payload-mismatch',
      detail: `the document differs from what was signed${where}`,
    });
  }

  const algorithms = [...(options.algorithms ?? SIGNATURE_ALGORITHMS)];
  const validRoles = new Set<SignerRole>();
  for (const [i, entry] of jws.signatures.entries()) {
    const summary: SignatureSummary = { version: document.version, index: i, valid: false };
    signatures.push(summary);
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(entry.protected);
    } catch (e) {
      checks.push({
        check: 'signature',
        target: `${v} signature #${i}`,
        ok: false,
        failure: 'bad-header',
        detail: `unreadable protected header: ${(e as Error).message}`,
      });
      continue;
    }
    const role = isSignerRole(header.role) ? header.role : undefined;
    const target = `${v} signature #${i} (${role ?? 'no role'})`;
    const x5c = header.x5c;
    const sigT = typeof header.sigT === 'string' ? new Date(header.sigT) : undefined;
    const headerProblem = !role
      ? 'no known role'
      : !Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')
        ? 'no x5c chain'
        : !sigT || Number.isNaN(sigT.getTime())
          ? 'no signing time (sigT)'
          : undefined;
    if (headerProblem || !role || !sigT) {
      checks.push({
        check: 'signature',
        target,
        ok: false,
        failure: 'bad-header',
        detail: `protected header: ${headerProblem}`,
      });
      continue;
    }
    let chain: Certificate[];
    try {
      chain = (x5c as string[]).map((c) => parseCertificate(c));
    } catch (e) {
      checks.push({
        check: 'signature',
        target,
        ok: false,
        failure: 'bad-header',
        detail: `x5c: ${(e as Error).message}`,
      });
      continue;
    }
    const leaf = chain[0];
    summary.role = role;
    summary.signer = commonName(leaf);
    summary.certificateSha256 = certificateFingerprint(leaf);
    summary.signedAt = sigT.toISOString();

    // The signature, with the signer's own certificate key: jose checks alg and crit.
    let signatureOk = false;
    try {
      await flattenedVerify(
        { payload: jws.payload, protected: entry.protected, signature: entry.signature },
        publicKeyOf(leaf),
        { algorithms, crit: Object.fromEntries(CRITICAL_HEADERS.map((h) => [h, true])) },
      );
      signatureOk = true;
      checks.push({
        check: 'signature',
        target,
        ok: true,
        detail: `${String(header.alg)} by "${summary.signer}"`,
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      checks.push({
        check: 'signature',
        target,
        ok: false,
        failure: code === 'ERR_JOSE_ALG_NOT_ALLOWED' ? 'unsupported-algorithm' : 'bad-signature',
        detail:
          code === 'ERR_JOSE_ALG_NOT_ALLOWED'
            ? `algorithm ${String(header.alg)} is not accepted`
            : `the signature does not verify with "${summary.signer}"'s key`,
      });
    }

    const inFuture = sigT.getTime() > options.now.getTime();
    checks.push({
      check: 'signing-time',
      target,
      ok: !inFuture,
      ...(inFuture ? { failure: 'signed-in-future' as const } : {}),
      detail: inFuture
        ? `signing time ${sigT.toISOString()} is after now (${options.now.toISOString()})`
        : `signed at ${sigT.toISOString()}`,
    });

    const pathChecks = await checkCertificatePath(chain, anchors, sigT, options.revocation);
    for (const p of pathChecks) checks.push({ target, ...p });

    const registered = options.registeredSigners.some(
      (r) =>
        r.role === role &&
        r.schoolId === document.schoolId &&
        r.certificateSha256.toLowerCase() === summary.certificateSha256,
    );
    checks.push({
      check: 'expected-signer',
      target,
      ok: registered,
      ...(registered ? {} : { failure: 'unexpected-signer' as const }),
      detail: registered
        ? `"${summary.signer}" is registered as ${role} of ${document.schoolId}`
        : `certificate ${summary.certificateSha256} ("${summary.signer}") is not registered as ${role} of ${document.schoolId}`,
    });

    summary.valid = signatureOk && !inFuture && registered && pathChecks.every((p) => p.ok);
    if (summary.valid) validRoles.add(role);
  }

  const required = options.requiredRoles ?? REQUIRED_ROLES;
  const missing = required.filter((r) => !validRoles.has(r));
  checks.push({
    check: 'required-roles',
    target: v,
    ok: missing.length === 0,
    ...(missing.length ? { failure: 'missing-role' as const } : {}),
    detail: missing.length
      ? `no valid signature from: ${missing.join(', ')}`
      : `signed by ${required.join(', ')}`,
  });
  return { checks, signatures };
}

const SAME_RECORD_FIELDS = ['recordId', 'learnerId', 'schoolId', 'schoolYear'] as const;

/**
 * The history chain from the first version to this one: each correction names the version
 * before it (its number and recordHash) and a reason, for the same record.
 */
function historyChecks(
  document: RecordDocument,
  history: SignedVersion[] | undefined,
): {
  checks: VerificationCheck[];
  earlier: SignedVersion[];
} {
  const checks: VerificationCheck[] = [];
  const byVersion = new Map<number, SignedVersion>();
  for (const h of history ?? []) {
    if (byVersion.has(h.document.version)) {
      checks.push({
        check: 'history',
        target: `v${h.document.version}`,
        ok: false,
        failure: 'history-broken',
        detail: `two documents claim version ${h.document.version}`,
      });
    }
    byVersion.set(h.document.version, h);
  }
  const earlier: SignedVersion[] = [];
  let current = document;
  for (;;) {
    const v = current.version;
    if (current.previous === null) {
      const ok = v === 1;
      checks.push({
        check: 'history',
        target: `v${v}`,
        ok,
        ...(ok ? {} : { failure: 'history-broken' as const }),
        detail: ok ? 'first version' : `version ${v} names no previous version`,
      });
      break;
    }
    const prevRef = current.previous;
    const target = `v${prevRef.version} → v${v}`;
    const prev = byVersion.get(prevRef.version);
    if (!prev) {
      checks.push({
        check: 'history',
        target,
        ok: false,
        failure: 'history-missing',
        detail: `version ${prevRef.version}, which v${v} corrects, was not given`,
      });
      break;
    }
    const problems: string[] = [];
    if (prevRef.version !== v - 1) problems.push(`v${v} names v${prevRef.version}, not v${v - 1}`);
    const actual = recordHash(prev.document as unknown as JsonValue);
    if (prevRef.hash !== actual)
      problems.push(
        `v${v} names hash ${prevRef.hash}, but v${prevRef.version} hashes to ${actual}`,
      );
    for (const f of SAME_RECORD_FIELDS)
      if (prev.document[f] !== current[f]) problems.push(`${f} changed`);
    if (typeof prevRef.reason !== 'string' || prevRef.reason.trim() === '')
      problems.push('no reason given for the correction');
    checks.push({
      check: 'history',
      target,
      ok: problems.length === 0,
      ...(problems.length ? { failure: 'history-broken' as const } : {}),
      detail: problems.length
        ? problems.join('; ')
        : `corrects v${prevRef.version}: ${prevRef.reason}`,
    });
    earlier.push(prev);
    if (problems.length || earlier.length > byVersion.size) break;
    current = prev.document;
  }
  return { checks, earlier };
}

/**
 * Verifies one version of a record and, for a correction, its history. Pure given `now`, the
 * anchors, the registered signers and the revocation answers: the same inputs give the same
 * report. Checks run to the end (they do not stop at the first failure), so the report says
 * every part that failed: the content (payload), a signature, a certificate path, a missing
 * role, or a broken history.
 */
export async function verifyRecord(
  document: RecordDocument,
  jws: GeneralJws,
  options: VerifyOptions,
): Promise<VerificationReport> {
  const anchors = options.trustAnchors.map((a) => parseCertificate(a));
  const current = await verifyVersion(document, jws, anchors, options);
  const checks = [...current.checks];
  const signatures = [...current.signatures];
  const history = historyChecks(document, options.history);
  checks.push(...history.checks);
  for (const earlier of history.earlier) {
    const r = await verifyVersion(earlier.document, earlier.jws, anchors, options);
    checks.push(...r.checks);
    signatures.push(...r.signatures);
  }
  const failures = checks.filter((c) => !c.ok);
  return {
    valid: failures.length === 0,
    recordId: document.recordId,
    version: document.version,
    recordHash: recordHash(document),
    checks,
    failures,
    signatures,
  };
}
