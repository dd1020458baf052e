import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import {
  CREDENTIALS_V2_CONTEXT_URL,
  UnknownDocumentError,
  createDocumentLoader,
  findVerificationMethod,
  isBundledContext,
} from './bundled-contexts';
import { isJsonObject } from './credential-types';
import { DIPLOMA_KINDS, type DiplomaKind } from './diploma-credential';
import { readStatus } from './status-list';
import { checkMessage } from './verification-messages';

export interface TrustedIssuer {
  issuerIri: string;
  name: string;
  /** The issuer's controller document (issuerControllerDocument) listing the key. */
  controllerDocument: object;
  /** Set when the key is no longer trusted: everything it signed then fails `issuer-trusted`. */
  revokedAt?: string | null;
}

export interface VerificationDeps {
  /** Looks a verification method id up among trusted issuers (the service's registry, never the network). */
  trustedIssuer(verificationMethodId: string): Promise<TrustedIssuer | undefined>;
  /** The signed status list credential, from the service's own store (never the network). */
  statusListCredential(url: string): Promise<object | undefined>;
  now: Date;
}

export type CheckName = 'well-formed' | 'signature' | 'issuer-trusted' | 'not-expired' | 'status';
export const CHECK_ORDER: readonly CheckName[] = [
  'well-formed',
  'signature',
  'issuer-trusted',
  'not-expired',
  'status',
];

export interface CheckResult {
  check: CheckName;
  outcome: 'passed' | 'failed' | 'not-checked';
  code: string;
  /** Vietnamese, for the public verification page. */
  message: string;
  detail?: Record<string, string | number | boolean>;
}

export interface SubjectSummary {
  kind?: DiplomaKind;
  /** The achievement's name, e.g. 'Bằng tốt nghiệp trung học phổ thông'. */
  achievementName?: string;
  graduationYear?: number;
  schoolName?: string;
  holderName?: string;
  /** Số hiệu văn bằng, as printed on the diploma. */
  serialNumber?: string;
  /** When the diploma was issued (validFrom, an ISO date-time). */
  validFrom?: string;
}

export interface VerificationReport {
  verified: boolean;
  /** Always all five, in CHECK_ORDER. */
  checks: CheckResult[];
  credentialId?: string;
  /** Only when the issuer is trusted; the name is the registry's, not the credential's claim. */
  issuer?: { iri: string; name: string };
  /** Display fields as the credential states them (present once it is well-formed, even if a later check fails). */
  subjectSummary?: SubjectSummary;
}

/** Clock skew tolerated on validFrom / validUntil, as the VC library does. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

type Doc = Record<string, unknown>;
type Outcome = Omit<CheckResult, 'check' | 'message'>;

function result(check: CheckName, outcome: Outcome): CheckResult {
  return { check, ...outcome, message: checkMessage(check, outcome.code) };
}
const passed = (code: string, detail?: CheckResult['detail']): Outcome =>
  detail ? { outcome: 'passed', code, detail } : { outcome: 'passed', code };
const failed = (code: string, detail?: CheckResult['detail']): Outcome =>
  detail ? { outcome: 'failed', code, detail } : { outcome: 'failed', code };
const notChecked = (code: string): Outcome => ({ outcome: 'not-checked', code });

/**
 * Verifies a credential offline. Order of work: well-formed, then the key lookup (issuer-trusted,
 * since without a trusted key there is nothing to check the signature with), then the signature,
 * then validity dates and status, which mean something only for an authentic document. Reported
 * in CHECK_ORDER. Never throws for bad input: every bad input becomes a report.
 */
export async function verifyCredential(
  input: unknown,
  deps: VerificationDeps,
): Promise<VerificationReport> {
  const checks = new Map<CheckName, Outcome>();
  const report = (extra: Partial<VerificationReport> = {}): VerificationReport => {
    const list = CHECK_ORDER.map((name) =>
      result(name, checks.get(name) ?? notChecked('not-well-formed')),
    );
    return { verified: list.every((c) => c.outcome === 'passed'), checks: list, ...extra };
  };

  const shape = await checkWellFormed(input);
  checks.set('well-formed', shape.outcome);
  if (!shape.credential) return report();
  const { credential, issuerIri, verificationMethodId } = shape;
  const base: Partial<VerificationReport> = {};
  if (typeof credential['id'] === 'string') base.credentialId = credential['id'];
  const summary = summarise(credential);
  if (summary) base.subjectSummary = summary;

  const issuer = await checkIssuer(issuerIri, verificationMethodId, deps);
  checks.set('issuer-trusted', issuer.outcome);
  if (!issuer.trusted) {
    checks.set('signature', notChecked('no-trusted-key'));
    checks.set('not-expired', notChecked('signature-not-verified'));
    checks.set('status', notChecked('signature-not-verified'));
    return report(base);
  }
  const trustedIssuer = { iri: issuer.trusted.issuerIri, name: issuer.trusted.name };

  const signature = await checkSignature(credential, issuer.trusted);
  checks.set('signature', signature);
  if (signature.outcome !== 'passed') {
    checks.set('not-expired', notChecked('signature-not-verified'));
    checks.set('status', notChecked('signature-not-verified'));
    return report({ ...base, issuer: trustedIssuer });
  }

  checks.set('not-expired', checkDates(credential, deps.now));
  checks.set('status', await checkStatus(credential, issuerIri, deps));
  return report({ ...base, issuer: trustedIssuer });
}

// ---------------------------------------------------------------------------------------------
// well-formed

interface WellFormed {
  outcome: Outcome;
  credential?: Doc;
  issuerIri: string;
  verificationMethodId: string;
}

const PROOF_TYPE = 'DataIntegrityProof';
const CRYPTOSUITE = 'eddsa-rdfc-2022';
const STATUS_ENTRY_TYPE = 'BitstringStatusListEntry';
const STATUS_PURPOSES = ['revocation', 'suspension'];

async function checkWellFormed(input: unknown): Promise<WellFormed> {
  const fail = (code: string, detail?: CheckResult['detail']): WellFormed => ({
    outcome: failed(code, detail),
    issuerIri: '',
    verificationMethodId: '',
  });
  let document: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      document = JSON.parse(input.toString());
    } catch {
      return fail('not-json');
    }
  }
  if (!isJsonObject(document)) return fail('not-an-object');

  const contexts = document['@context'];
  if (!Array.isArray(contexts) || contexts[0] !== CREDENTIALS_V2_CONTEXT_URL) {
    return fail('not-a-verifiable-credential', { field: '@context' });
  }
  // Only the bundled contexts: an inline or foreign context could give signed bytes another meaning.
  const foreign = contexts.find((c) => typeof c !== 'string' || !isBundledContext(c));
  if (foreign !== undefined) {
    return fail(
      'unknown-context',
      typeof foreign === 'string' ? { contextUrl: foreign.slice(0, 200) } : undefined,
    );
  }

  // A context further down the tree would not come through our loader either: jsonld.js resolves
  // contexts it has seen from other loaders (jsonld-signatures' security contexts) from a process-
  // wide cache, so accepting them would make the outcome depend on what ran before.
  const nested = findNestedContext(document, 0);
  if (nested !== undefined) return fail(nested);

  // Checked before expansion: a proof type the contexts do not define (e.g. Ed25519Signature2020)
  // is an unsupported proof rather than malformed JSON-LD.
  const proof = document['proof'];
  if (
    !isJsonObject(proof) ||
    proof['type'] !== PROOF_TYPE ||
    proof['cryptosuite'] !== CRYPTOSUITE ||
    proof['proofPurpose'] !== 'assertionMethod' ||
    typeof proof['verificationMethod'] !== 'string' ||
    typeof proof['proofValue'] !== 'string'
  ) {
    return fail('unsupported-proof');
  }

  // Expansion in safe mode fails on anything a context does not define, instead of dropping it
  // (dropped properties would not be covered by the signature).
  try {
    await jsonld.expand(document, {
      documentLoader: createDocumentLoader(),
      safe: true,
      base: null,
    });
  } catch (error) {
    const unknown = findCause(error, UnknownDocumentError);
    if (unknown) return fail('unknown-context', { contextUrl: unknown.url.slice(0, 200) });
    return fail('malformed-json-ld');
  }

  try {
    // The VC library's own data model checks; mode 'issue' skips its date comparisons (ours are below).
    vc._checkCredential({ credential: document, mode: 'issue' });
  } catch {
    return fail('not-a-verifiable-credential');
  }
  const issuer = document['issuer'];
  const issuerIri =
    typeof issuer === 'string' ? issuer : isJsonObject(issuer) ? issuer['id'] : undefined;
  if (typeof issuerIri !== 'string')
    return fail('not-a-verifiable-credential', { field: 'issuer' });
  if (typeof document['validFrom'] !== 'string')
    return fail('not-a-verifiable-credential', { field: 'validFrom' });
  const validUntil = document['validUntil'];
  if (
    validUntil !== undefined &&
    Date.parse(String(validUntil)) < Date.parse(String(document['validFrom']))
  ) {
    return fail('not-a-verifiable-credential', { field: 'validUntil' });
  }

  const status = document['credentialStatus'];
  const entries = status === undefined ? [] : Array.isArray(status) ? status : [status];
  for (const entry of entries) {
    if (
      !isJsonObject(entry) ||
      entry['type'] !== STATUS_ENTRY_TYPE ||
      !STATUS_PURPOSES.includes(String(entry['statusPurpose'])) ||
      typeof entry['statusListCredential'] !== 'string' ||
      typeof entry['statusListIndex'] !== 'string' ||
      !/^(0|[1-9]\d{0,9})$/.test(entry['statusListIndex'])
    ) {
      return fail('unsupported-status');
    }
  }

  return {
    outcome: passed('well-formed'),
    credential: document,
    issuerIri,
    verificationMethodId: proof['verificationMethod'],
  };
}

const MAX_DEPTH = 32;

/** 'unknown-context' for a nested @context, 'malformed-json-ld' for absurd nesting (or a cycle). */
function findNestedContext(node: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return 'malformed-json-ld';
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findNestedContext(item, depth + 1);
      if (found) return found;
    }
  } else if (isJsonObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (depth > 0 && key === '@context') return 'unknown-context';
      if (key === '@context') continue;
      const found = findNestedContext(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function findCause<T extends Error>(
  error: unknown,
  type: new (...args: never[]) => T,
): T | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!isJsonObject(current) && !(current instanceof Error)) continue;
    if (seen.has(current)) continue;
    seen.add(current);
    if (current instanceof type) return current;
    const record = current as unknown as Doc;
    queue.push(record['cause']);
    const details = record['details'];
    if (isJsonObject(details)) queue.push(details['cause']);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// issuer-trusted

async function checkIssuer(
  issuerIri: string,
  verificationMethodId: string,
  deps: VerificationDeps,
): Promise<{ outcome: Outcome; trusted?: TrustedIssuer }> {
  let trusted: TrustedIssuer | undefined;
  try {
    trusted = await deps.trustedIssuer(verificationMethodId);
  } catch {
    return { outcome: failed('issuer-lookup-failed') };
  }
  if (!trusted) return { outcome: failed('issuer-unknown') };
  const outcome = authorise(trusted, issuerIri, verificationMethodId);
  return outcome.outcome === 'passed' ? { outcome, trusted } : { outcome };
}

/** The key belongs to the credential's issuer, is listed for assertionMethod, and is not revoked. */
function authorise(
  trusted: TrustedIssuer,
  issuerIri: string,
  verificationMethodId: string,
): Outcome {
  if (trusted.issuerIri !== issuerIri || !verificationMethodId.startsWith(`${issuerIri}#`)) {
    return failed('issuer-mismatch');
  }
  const method = findVerificationMethod(trusted.controllerDocument, verificationMethodId) as
    Doc | undefined;
  const controller = trusted.controllerDocument as Doc;
  const assertion = controller['assertionMethod'];
  if (
    !method ||
    controller['id'] !== issuerIri ||
    method['controller'] !== issuerIri ||
    !Array.isArray(assertion) ||
    !assertion.includes(verificationMethodId)
  ) {
    return failed('key-not-authorised');
  }
  if (trusted.revokedAt) return failed('issuer-key-revoked', { revokedAt: trusted.revokedAt });
  return passed('issuer-trusted');
}

// ---------------------------------------------------------------------------------------------
// signature

async function verifyProof(document: Doc, trusted: TrustedIssuer): Promise<boolean> {
  const documentLoader = createDocumentLoader({
    resolveController: (iri) =>
      iri === trusted.issuerIri ? trusted.controllerDocument : undefined,
  });
  try {
    const outcome = await vc.verifyCredential({
      credential: document,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      // The library compares dates with `now`; dates are our own check (not-expired), so the
      // proof is checked as of validFrom.
      now: new Date(String(document['validFrom'])),
      // Status is our own check too.
      checkStatus: async () => ({ verified: true }),
    });
    return outcome.verified === true;
  } catch {
    return false;
  }
}

async function checkSignature(credential: Doc, trusted: TrustedIssuer): Promise<Outcome> {
  return (await verifyProof(credential, trusted))
    ? passed('signature-valid')
    : failed('signature-invalid');
}

// ---------------------------------------------------------------------------------------------
// not-expired

function checkDates(credential: Doc, now: Date): Outcome {
  const validFrom = Date.parse(String(credential['validFrom']));
  if (validFrom - CLOCK_SKEW_MS > now.getTime()) {
    return failed('not-yet-valid', { validFrom: String(credential['validFrom']) });
  }
  const validUntil = credential['validUntil'];
  if (validUntil !== undefined && Date.parse(String(validUntil)) + CLOCK_SKEW_MS < now.getTime()) {
    return failed('expired', { validUntil: String(validUntil) });
  }
  return passed('within-validity');
}

// ---------------------------------------------------------------------------------------------
// status

type ListVerdict =
  { ok: true; list: Doc } | { ok: false; code: 'status-unavailable' | 'status-list-invalid' };

async function loadStatusList(
  url: string,
  issuerIri: string,
  deps: VerificationDeps,
): Promise<ListVerdict> {
  let list: object | undefined;
  try {
    list = await deps.statusListCredential(url);
  } catch {
    return { ok: false, code: 'status-unavailable' };
  }
  if (!list) return { ok: false, code: 'status-unavailable' };
  // The list is a credential in its own right: same checks as the diploma, and the same issuer.
  const shape = await checkWellFormed(list);
  if (!shape.credential || shape.issuerIri !== issuerIri || shape.credential['id'] !== url) {
    return { ok: false, code: 'status-list-invalid' };
  }
  const types = shape.credential['type'];
  if (!Array.isArray(types) || !types.includes('BitstringStatusListCredential')) {
    return { ok: false, code: 'status-list-invalid' };
  }
  const issuer = await checkIssuer(issuerIri, shape.verificationMethodId, deps);
  if (!issuer.trusted || !(await verifyProof(shape.credential, issuer.trusted))) {
    return { ok: false, code: 'status-list-invalid' };
  }
  return { ok: true, list: shape.credential };
}

async function checkStatus(
  credential: Doc,
  issuerIri: string,
  deps: VerificationDeps,
): Promise<Outcome> {
  const status = credential['credentialStatus'];
  const entries = (status === undefined ? [] : Array.isArray(status) ? status : [status]) as Doc[];
  if (entries.length === 0) return passed('no-status-entry');

  const lists = new Map<string, Promise<ListVerdict>>();
  const found = new Set<string>();
  for (const entry of entries) {
    const url = String(entry['statusListCredential']);
    const purpose = String(entry['statusPurpose']);
    const index = Number(entry['statusListIndex']);
    let verdict = lists.get(url);
    if (!verdict) {
      verdict = loadStatusList(url, issuerIri, deps);
      lists.set(url, verdict);
    }
    const loaded = await verdict;
    if (!loaded.ok) {
      found.add(loaded.code);
      continue;
    }
    const bit = await readStatus(loaded.list, index);
    if (!bit.ok || bit.purpose !== purpose) {
      found.add('status-list-invalid');
      continue;
    }
    if (bit.set) found.add(purpose === 'revocation' ? 'revoked' : 'suspended');
  }
  // The most telling finding first: a revocation outranks a list we could not read.
  for (const code of ['revoked', 'suspended', 'status-list-invalid', 'status-unavailable']) {
    if (found.has(code)) return failed(code);
  }
  return passed('not-revoked');
}

// ---------------------------------------------------------------------------------------------
// summary

function summarise(credential: Doc): SubjectSummary | undefined {
  const subject = credential['credentialSubject'];
  if (!isJsonObject(subject)) return undefined;
  const summary: SubjectSummary = {};
  const achievement = subject['achievement'];
  if (isJsonObject(achievement)) {
    const id = achievement['id'];
    const kind =
      typeof id === 'string' ? DIPLOMA_KINDS.find((k) => id.endsWith(`/${k}`)) : undefined;
    if (kind) summary.kind = kind;
    if (typeof achievement['name'] === 'string') summary.achievementName = achievement['name'];
  }
  if (typeof subject['graduationYear'] === 'number')
    summary.graduationYear = subject['graduationYear'];
  const school = subject['school'];
  if (isJsonObject(school) && typeof school['name'] === 'string')
    summary.schoolName = school['name'];
  const identifiers = subject['identifier'];
  const name = (Array.isArray(identifiers) ? identifiers : [identifiers]).find(
    (i) => isJsonObject(i) && i['identityType'] === 'name' && i['hashed'] === false,
  );
  if (isJsonObject(name) && typeof name['identityHash'] === 'string')
    summary.holderName = name['identityHash'];
  const entry = subject['originalRegisterEntry'];
  if (isJsonObject(entry) && typeof entry['serialNumber'] === 'string')
    summary.serialNumber = entry['serialNumber'];
  if (typeof credential['validFrom'] === 'string') summary.validFrom = credential['validFrom'];
  return summary;
}
