/**
 * A CA's remote signing service (ký số từ xa): the signer's key never leaves the CA; the service
 * sends a hash, the signer approves on their phone, the CA returns the signature. VNPT SmartCA,
 * Viettel MySign and the like work this way; the shape below follows the Cloud Signature
 * Consortium API (credentials/info, signatures/signHash) that they resemble, and each real
 * adapter maps its own field names onto it.
 */

/** The signer's credential at the CA: its certificate chain and key type. */
export interface RemoteCredential {
  credentialId: string;
  /** Base64 DER, leaf first (goes into x5c as is). */
  certificates: string[];
  /** RSA-2048 is what most Vietnamese CAs issue; ECDSA P-256 where offered. */
  keyAlgorithm: 'RSA' | 'EC-P256';
}

/** POST {base}/credentials/info */
export interface CredentialInfoRequest {
  /** The platform's id of the signing identity, mapped to the CA's user id by the adapter. */
  signerId: string;
}

/** POST {base}/signatures/sign-hash: asks the signer to approve one hash. */
export interface SignHashRequest {
  credentialId: string;
  /** Always SHA-256 here (OID 2.16.840.1.101.3.4.2.1). */
  hashAlgorithm: 'SHA-256';
  /** Base64 of SHA-256(JWS signing input). */
  hashes: string[];
  /** RS256 → RSASSA-PKCS1-v1_5, ES256 → ECDSA; EdDSA cannot sign a hash, so it is never remote. */
  signatureAlgorithm: 'RS256' | 'ES256';
  /** Shown to the signer in the CA's app before they approve (what they are signing). */
  description: string;
  /** Our reference: the record version's recordHash, for the CA's audit trail. */
  documentId: string;
}

export interface SignHashAccepted {
  transactionId: string;
  /** ISO 8601: the signer must approve before this. */
  expiresAt: string;
}

/** GET {base}/signatures/{transactionId} */
export interface SignHashResult {
  transactionId: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  /** When approved: base64 signatures, one per hash (ECDSA as DER or as r||s, both accepted). */
  signatures?: string[];
}

/** The client port: one method per call; the HTTP adapter implements it. */
export interface RemoteSigningClient {
  credentialInfo(request: CredentialInfoRequest): Promise<RemoteCredential>;
  signHash(request: SignHashRequest): Promise<SignHashAccepted>;
  signatureResult(transactionId: string): Promise<SignHashResult>;
}
