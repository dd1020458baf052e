import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { MULTIKEY_CONTEXT_URL } from './bundled-contexts';

/** An issuer's Ed25519 signing key, as plain strings so it can be kept in a secret file. */
export interface IssuerKeyPair {
  issuerIri: string;
  /** `${issuerIri}#${publicKeyMultibase}` */
  verificationMethodId: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export interface IssuerPublicKey {
  publicKeyMultibase: string;
  verificationMethodId: string;
}

export async function generateIssuerKey(issuerIri: string): Promise<IssuerKeyPair> {
  const key = await Ed25519Multikey.generate({ controller: issuerIri });
  if (!key.secretKeyMultibase) throw new Error('Key generation returned no secret key');
  return {
    issuerIri,
    verificationMethodId: `${issuerIri}#${key.publicKeyMultibase}`,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  };
}

const SECURITY = 'https://w3id.org/security#';

// The controller document's context is inline (nothing to fetch): the Multikey context plus the
// controller-document terms with the same IRIs as the Controlled Identifiers (CID 1.0) vocabulary,
// which is what jsonld-signatures frames `assertionMethod` against.
const CONTROLLER_DOCUMENT_CONTEXT = [
  MULTIKEY_CONTEXT_URL,
  {
    '@protected': true,
    name: 'https://schema.org/name',
    verificationMethod: { '@id': `${SECURITY}verificationMethod`, '@type': '@id' },
    assertionMethod: { '@id': `${SECURITY}assertionMethod`, '@type': '@id', '@container': '@set' },
  },
];

export interface VerificationMethodDocument {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface IssuerControllerDocument {
  '@context': typeof CONTROLLER_DOCUMENT_CONTEXT;
  id: string;
  name: string;
  verificationMethod: VerificationMethodDocument[];
  assertionMethod: string[];
}

/**
 * The controller document the service serves at the issuer IRI, and that trusted-issuer lookups
 * return: every key listed may sign credentials (assertionMethod). A retired key stays listed so
 * that what it signed still verifies; a distrusted key is removed (or flagged revoked by the lookup).
 */
export function issuerControllerDocument(
  issuerIri: string,
  name: string,
  keys: IssuerPublicKey[],
): IssuerControllerDocument {
  for (const key of keys) {
    if (key.verificationMethodId !== `${issuerIri}#${key.publicKeyMultibase}`) {
      throw new Error('verificationMethodId must be `${issuerIri}#${publicKeyMultibase}`');
    }
  }
  return {
    '@context': CONTROLLER_DOCUMENT_CONTEXT,
    id: issuerIri,
    name: name.normalize('NFC'),
    verificationMethod: keys.map((key) => ({
      id: key.verificationMethodId,
      type: 'Multikey',
      controller: issuerIri,
      publicKeyMultibase: key.publicKeyMultibase,
    })),
    assertionMethod: keys.map((key) => key.verificationMethodId),
  };
}
