import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { AuthorityRegistry } from '../authorities/authority-registry';
import type { CredentialsConfig } from '../config';
import { StatusListsRepository } from '../credential-status/status-lists.repository';
import { credentialHash } from '../shared/credential-hash';
import { buildDiplomaCredential } from '../shared/verifiable-credentials/diploma-credential';
import { signCredential } from '../shared/verifiable-credentials/sign-credential';
import {
  DecisionsRepository,
  type CurrentCredential,
  type EntryState,
} from './decisions.repository';

interface IssuedFacts {
  issuer: { id: string; name: string };
  credentialSubject: {
    school: { id: string; name: string };
    decisionReference: string;
  };
}

/**
 * A new version of an entry's credential (after a correction, or reissued as it is): the register
 * entry's facts as they are now, signed by the authority that issued the first, with a new status
 * slot; the previous version is marked superseded and its revocation bit set, so a verifier of the
 * old one is told it no longer counts.
 */
@Injectable()
export class NewCredentialVersion {
  constructor(
    private readonly repo: DecisionsRepository,
    private readonly registry: AuthorityRegistry,
    private readonly statusLists: StatusListsRepository,
    @Inject(SERVICE_CONFIG) private readonly config: CredentialsConfig,
  ) {}

  async issue(
    tx: EntityManager,
    entry: EntryState,
    previous: CurrentCredential,
    at: Date,
  ): Promise<{ id: string; hash: string; version: number }> {
    const facts = previous.document as unknown as IssuedFacts;
    const key = await this.registry.signingKeyOf(tx, previous.issuerAuthorityId);
    const [slot] = await this.statusLists.allocate(tx, previous.issuerAuthorityId, key, 1, at);
    const id = uuidv7();
    const version = previous.version + 1;
    const unsigned = buildDiplomaCredential({
      credentialId: id,
      kind: entry.kind,
      holder: {
        fullName: entry.fullName,
        dateOfBirth: entry.dateOfBirth!,
        placeOfBirth: entry.placeOfBirth,
        gender: entry.gender,
        ethnicity: entry.ethnicity,
      },
      school: facts.credentialSubject.school,
      graduationYear: entry.graduationYear,
      classification: entry.classification,
      register: {
        code: entry.registerCode,
        entryNumber: entry.entryNumber,
        serialNumber: entry.serialNumber!,
      },
      issuer: { iri: facts.issuer.id, name: facts.issuer.name },
      issuedAt: at.toISOString(),
      decisionReference: facts.credentialSubject.decisionReference,
      version,
      previousCredentialId: previous.id,
      status: {
        revocation: { listUrl: slot.revocationUrl, index: slot.index },
        suspension: { listUrl: slot.suspensionUrl, index: slot.index },
      },
      achievementBaseUrl: `${this.config.CREDENTIALS_PUBLIC_URL}/achievements`,
    });
    const document = await signCredential(unsigned, key, { created: at });
    const hash = credentialHash(document);
    await this.repo.insertCredentialVersion(
      tx,
      {
        id,
        entryId: entry.id,
        version,
        document,
        hash,
        revocationListId: slot.revocationListId,
        suspensionListId: slot.suspensionListId,
        statusIndex: slot.index,
        at,
      },
      previous.id,
    );
    await this.statusLists.setStatus(
      tx,
      previous.revocationListId,
      previous.statusIndex,
      true,
      key,
      at,
    );
    return { id, hash, version };
  }
}
