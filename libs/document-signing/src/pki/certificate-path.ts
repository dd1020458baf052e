import type { RevocationChecker } from '../ports/revocation';
import {
  certificateFingerprint,
  commonName,
  isCa,
  keyUsageOf,
  type Certificate,
} from './certificates';
import { x509 } from './x509';

export type PathCheckName =
  'certificate-chain' | 'certificate-validity' | 'key-usage' | 'revocation';
export type PathFailure =
  | 'untrusted-anchor'
  | 'broken-chain'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-key-usage'
  | 'revoked'
  | 'revocation-unknown';

export interface PathCheck {
  check: PathCheckName;
  ok: boolean;
  failure?: PathFailure;
  detail: string;
}

/** Real chains are short (VGCA: root → issuing CA → signer); a longer one is refused. */
const MAX_PATH = 6;

async function signedBy(cert: Certificate, issuer: Certificate): Promise<boolean> {
  if (cert.issuer !== issuer.subject) return false;
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

interface BuiltPath {
  /** Leaf first; ends at the anchor when anchored. */
  path: Certificate[];
  anchored: boolean;
  problem?: { failure: PathFailure; detail: string };
}

/**
 * Follows the x5c chain from the signer up to one of the configured trust anchors (the VGCA
 * root for public schools, the licensed public CAs' roots for private ones). The chain may or
 * may not include the root itself; only a configured anchor ends the path.
 */
async function buildPath(chain: Certificate[], anchors: Certificate[]): Promise<BuiltPath> {
  const anchorPrints = new Set(anchors.map(certificateFingerprint));
  const path: Certificate[] = [chain[0]];
  for (let i = 0; path.length <= MAX_PATH; i++) {
    const current = path[path.length - 1];
    if (anchorPrints.has(certificateFingerprint(current))) return { path, anchored: true };
    for (const anchor of anchors) {
      if (await signedBy(current, anchor)) return { path: [...path, anchor], anchored: true };
    }
    const next = chain[i + 1];
    if (!next) {
      return {
        path,
        anchored: false,
        problem: {
          failure: 'untrusted-anchor',
          detail: `"${commonName(current)}" was issued by "${current.issuer}", which is not a configured trust anchor`,
        },
      };
    }
    if (!(await signedBy(current, next))) {
      return {
        path,
        anchored: false,
        problem: {
          failure: 'broken-chain',
          detail: `"${commonName(current)}" is not signed by the next certificate in x5c ("${commonName(next)}")`,
        },
      };
    }
    path.push(next);
  }
  return {
    path,
    anchored: false,
    problem: { failure: 'broken-chain', detail: `the chain is longer than ${MAX_PATH}` },
  };
}

function validityAt(path: Certificate[], at: Date): PathCheck {
  for (const cert of path) {
    if (at.getTime() > cert.notAfter.getTime())
      return {
        check: 'certificate-validity',
        ok: false,
        failure: 'expired',
        detail: `"${commonName(cert)}" expired on ${cert.notAfter.toISOString()}, before the signing time ${at.toISOString()}`,
      };
    if (at.getTime() < cert.notBefore.getTime())
      return {
        check: 'certificate-validity',
        ok: false,
        failure: 'not-yet-valid',
        detail: `"${commonName(cert)}" is valid only from ${cert.notBefore.toISOString()}, after the signing time ${at.toISOString()}`,
      };
  }
  return {
    check: 'certificate-validity',
    ok: true,
    detail: `every certificate was valid at ${at.toISOString()}`,
  };
}

const SIGNING_USAGE = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;

function keyUsage(path: Certificate[]): PathCheck {
  const [leaf, ...issuers] = path;
  const leafUsage = keyUsageOf(leaf);
  if (isCa(leaf) || leafUsage === undefined || (leafUsage & SIGNING_USAGE) === 0)
    return {
      check: 'key-usage',
      ok: false,
      failure: 'wrong-key-usage',
      detail: `the signer's certificate "${commonName(leaf)}" is not for signing (needs digitalSignature or nonRepudiation, and no CA)`,
    };
  for (const ca of issuers) {
    const usage = keyUsageOf(ca);
    if (!isCa(ca) || (usage !== undefined && (usage & x509.KeyUsageFlags.keyCertSign) === 0))
      return {
        check: 'key-usage',
        ok: false,
        failure: 'wrong-key-usage',
        detail: `"${commonName(ca)}" issued a certificate but is not a CA (basicConstraints cA, keyCertSign)`,
      };
  }
  return { check: 'key-usage', ok: true, detail: 'signing key usage, issuers are CAs' };
}

async function revocation(
  path: Certificate[],
  at: Date,
  checker: RevocationChecker,
): Promise<PathCheck> {
  const notes: string[] = [];
  // The anchor is trusted as configured; each certificate below it is asked of its issuer.
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i];
    const answer = await checker.status(cert, path[i + 1]);
    if (answer.status === 'unknown')
      return {
        check: 'revocation',
        ok: false,
        failure: 'revocation-unknown',
        detail: `no status for "${commonName(cert)}"${answer.detail ? `: ${answer.detail}` : ''}`,
      };
    if (answer.status === 'revoked') {
      // Revoked after signing: the signature made before stays good (the key was still trusted).
      if (answer.revokedAt.getTime() <= at.getTime())
        return {
          check: 'revocation',
          ok: false,
          failure: 'revoked',
          detail: `"${commonName(cert)}" was revoked on ${answer.revokedAt.toISOString()}${answer.reason ? ` (${answer.reason})` : ''}, before the signing time`,
        };
      notes.push(`"${commonName(cert)}" revoked later, on ${answer.revokedAt.toISOString()}`);
    }
  }
  return {
    check: 'revocation',
    ok: true,
    detail: notes.length ? `not revoked at signing time; ${notes.join('; ')}` : 'not revoked',
  };
}

/**
 * The checks of one signer's certificate path at the signing time, in report order: chain to a
 * configured anchor, validity, key usage, revocation. Each says what failed.
 */
export async function checkCertificatePath(
  chain: Certificate[],
  anchors: Certificate[],
  at: Date,
  checker: RevocationChecker,
): Promise<PathCheck[]> {
  const built = await buildPath(chain, anchors);
  const checks: PathCheck[] = [
    built.anchored
      ? {
          check: 'certificate-chain',
          ok: true,
          detail: `chains to the trust anchor "${commonName(built.path[built.path.length - 1])}"`,
        }
      : { check: 'certificate-chain', ok: false, ...built.problem! },
  ];
  checks.push(validityAt(built.path, at), keyUsage(built.path));
  checks.push(
    built.anchored
      ? await revocation(built.path, at, checker)
      : {
          check: 'revocation',
          ok: false,
          failure: 'revocation-unknown',
          detail: 'not checked: the chain does not reach a trust anchor',
        },
  );
  return checks;
}
