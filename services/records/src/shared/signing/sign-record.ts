import { canonicalBytes } from './domain/canonical';
import { mergeSignatures, type DocumentSigner, type SignerIdentity } from '@qn/document-signing';
import type { GeneralJws, RecordDocument } from './domain/record';

/**
 * Signs one version with each signer in turn over the same canonical bytes, adding to the
 * signatures already there (a record is signed by the teacher, then the principal, then sealed).
 */
export async function signRecord(
  document: RecordDocument,
  signers: { signer: DocumentSigner; identity: SignerIdentity }[],
  existing?: GeneralJws,
): Promise<GeneralJws> {
  const payload = canonicalBytes(document);
  const parts = [];
  for (const s of signers) parts.push(await s.signer.sign(payload, s.identity));
  return mergeSignatures(parts, existing);
}
