import { Inject, Injectable } from '@nestjs/common';
import { Unavailable } from '@qn/contracts';
import { RECORD_SIGNING, type RecordSigning } from '../shared/signing-setup/record-signing';
import {
  fromB64url,
  commonName,
  parseCertificate,
  type DocumentSigner,
  type SignerIdentity,
} from '@qn/document-signing';
import type { GeneralJws, RecordDocument, SignedVersion } from '../shared/signing/domain/record';
import { signRecord } from '../shared/signing/sign-record';
import { verifyRecord, type VerificationReport } from '../shared/signing/domain/verify-record';

/** Who signs a school's học bạ, and the names their certificates give. */
export interface Signatories {
  homeroom: SignerIdentity;
  principal: SignerIdentity;
  seal: SignerIdentity;
  names: { homeroomTeacher: string; principal: string };
}

/** The seal's signing identity: the school itself. */
export const sealIdentityOf = (schoolId: string, schoolName: string): SignerIdentity => ({
  id: `seal:${schoolId}`,
  role: 'school-seal',
  schoolId,
  name: schoolName,
});

/** The document a stored JWS carries: exactly the bytes that were signed. */
export const documentOf = (jws: GeneralJws): RecordDocument =>
  JSON.parse(fromB64url(jws.payload).toString('utf8')) as RecordDocument;

/**
 * Signs and verifies học bạ with the configured signing setup: the homeroom teacher's, the
 * principal's and the school seal's signatures over one version, in that order.
 */
@Injectable()
export class RecordIssuer {
  constructor(@Inject(RECORD_SIGNING) private readonly signing: RecordSigning) {}

  private signer(): DocumentSigner {
    if (!this.signing.signer)
      throw new Unavailable(
        'signing-not-configured',
        'Signing is not configured',
        'RECORDS_SIGNER is none: this deployment signs no records',
      );
    return this.signing.signer;
  }

  /** The three signing identities, with the names their certificates carry. */
  async signatories(p: {
    schoolId: string;
    schoolName: string;
    className: string;
    homeroomStaffId: string;
    principalStaffId: string;
  }): Promise<Signatories> {
    const signer = this.signer();
    const homeroom: SignerIdentity = {
      id: p.homeroomStaffId,
      role: 'homeroom-teacher',
      schoolId: p.schoolId,
      name: `Giáo viên chủ nhiệm lớp ${p.className}`,
    };
    const principal: SignerIdentity = {
      id: p.principalStaffId,
      role: 'principal',
      schoolId: p.schoolId,
      name: `Hiệu trưởng ${p.schoolName}`,
    };
    const seal = sealIdentityOf(p.schoolId, p.schoolName);
    const nameOf = async (who: SignerIdentity) =>
      commonName(parseCertificate((await signer.certificateChain(who))[0]));
    return {
      homeroom,
      principal,
      seal,
      names: { homeroomTeacher: await nameOf(homeroom), principal: await nameOf(principal) },
    };
  }

  /** One version signed by the three, in order. */
  sign(document: RecordDocument, who: Signatories): Promise<GeneralJws> {
    const signer = this.signer();
    return signRecord(document, [
      { signer, identity: who.homeroom },
      { signer, identity: who.principal },
      { signer, identity: who.seal },
    ]);
  }

  /** The PDF signer of the school's seal, where the signer holds its key (demo, tests). */
  async sealKey(schoolId: string, schoolName: string) {
    const signer = this.signing.signer;
    return signer?.localKeyOf?.(sealIdentityOf(schoolId, schoolName));
  }

  /** Verifies a version against its history, with the school's registered signers. */
  async verify(
    version: SignedVersion,
    history: SignedVersion[],
    now: Date = new Date(),
  ): Promise<VerificationReport> {
    return verifyRecord(version.document, version.jws, {
      now,
      trustAnchors: this.signing.trustAnchors,
      registeredSigners: await this.signing.sector.registeredSigners(version.document.schoolId),
      revocation: this.signing.revocation,
      history,
    });
  }
}
