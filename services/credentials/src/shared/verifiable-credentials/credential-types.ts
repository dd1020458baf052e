// JSON shapes shared by the builders, the signer and the verifier.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** A VC 2.0 credential without a proof. */
export interface UnsignedCredential extends JsonObject {
  '@context': string[];
  id?: string;
  type: string[];
  issuer: string | JsonObject;
  validFrom: string;
  credentialSubject: JsonObject;
}

export interface DataIntegrityProofValue extends JsonObject {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

export interface SignedCredential extends UnsignedCredential {
  proof: DataIntegrityProofValue;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
