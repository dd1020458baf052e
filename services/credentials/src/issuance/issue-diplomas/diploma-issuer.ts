import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EventTypes, newTypedEvent, RuleViolation } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { AuthorityRegistry } from '../../authorities/authority-registry';
import type { CredentialsConfig } from '../../config';
import { StatusListsRepository } from '../../credential-status/status-lists.repository';
import { LearnerRepository } from '../../learners/learner.repository';
import { RegisterCoverage } from '../../registers/register-coverage';
import { credentialHash } from '../../shared/credential-hash';
import { buildDiplomaCredential } from '../../shared/verifiable-credentials/diploma-credential';
import { signCredential } from '../../shared/verifiable-credentials/sign-credential';
import { diplomaKindOf, type CompetentAuthority } from '../domain/competent-authority';
import { entryNumberText, issuedRegisterCode, serialNumberText } from '../domain/register-numbers';
import { IssuanceRepository, type GraduationList, type IssuedEntry } from '../issuance.repository';

/** Diplomas signed and written per transaction: a list of a few hundred takes a few. */
const BATCH = 100;

/**
 * Issues an approved list's diplomas: each learner gets the next entry of the authority's
 * register for the kind and year (số vào sổ gốc), the next serial (số hiệu), a status slot, and a
 * credential signed with the authority's key; entry, credential and `credentials.credential.issued`
 * are written in one transaction per batch. A member with a diploma is never issued again (the
 * member row, and a unique learner per kind in the register), so a retry after a crash finishes
 * the list without doubling anyone.
 */
@Injectable()
export class DiplomaIssuer {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: IssuanceRepository,
    private readonly learners: LearnerRepository,
    private readonly registry: AuthorityRegistry,
    private readonly statusLists: StatusListsRepository,
    private readonly messaging: MessagingService,
    private readonly coverage: RegisterCoverage,
    @Inject(SERVICE_CONFIG) private readonly config: CredentialsConfig,
  ) {}

  /** Issues every member not issued yet; returns how many this call issued. */
  async issuePending(
    list: GraduationList & { decisionReference: string; decidedOn: string },
    school: { name: string },
    authority: CompetentAuthority,
    by: string,
  ): Promise<number> {
    let issued = 0;
    for (;;) {
      const n = await this.ds.transaction(async (tx) => {
        const pending = await this.repo.lockPending(tx, list.id, BATCH);
        if (pending.length === 0) return 0;
        const learners = await this.learners.findMany(
          tx,
          pending.map((p) => p.studentId),
        );
        if (learners.size < pending.length)
          throw new RuleViolation(
            'identities-missing',
            'Some learners’ identities have not reached the credentials service',
            `${pending.length - learners.size} learner(s) of the list have no identity from enrollment yet`,
            { missing: pending.length - learners.size },
          );
        const at = new Date();
        const kind = diplomaKindOf(list.level);
        const key = await this.registry.signingKey(tx, authority);
        const code = issuedRegisterCode(kind, list.graduationYear, authority.code);
        const { registerId, first } = await this.repo.takeEntryNumbers(
          tx,
          {
            id: uuidv7(),
            kind,
            authorityId: authority.orgUnitId,
            authorityName: authority.name,
            graduationYear: list.graduationYear,
            code,
          },
          pending.length,
        );
        const firstSerial = await this.repo.takeSerials(
          tx,
          kind,
          list.graduationYear,
          pending.length,
        );
        const slots = await this.statusLists.allocate(
          tx,
          authority.orgUnitId,
          key,
          pending.length,
          at,
        );
        const entries: IssuedEntry[] = [];
        for (const [i, member] of pending.entries()) {
          const learner = learners.get(member.studentId)!;
          const entryId = uuidv7();
          const credentialId = uuidv7();
          const entryNumber = entryNumberText(first + i, code);
          const serialNumber = serialNumberText(kind, list.graduationYear, firstSerial + i);
          const slot = slots[i];
          const unsigned = buildDiplomaCredential({
            credentialId,
            kind,
            holder: {
              fullName: learner.fullName,
              dateOfBirth: learner.dateOfBirth,
              placeOfBirth: null,
              gender: learner.gender,
              ethnicity: learner.ethnicity,
            },
            school: { id: list.schoolId, name: school.name },
            graduationYear: list.graduationYear,
            classification: null,
            register: { code, entryNumber, serialNumber },
            issuer: { iri: key.issuerIri, name: authority.name },
            issuedAt: at.toISOString(),
            decisionReference: list.decisionReference,
            version: 1,
            status: {
              revocation: { listUrl: slot.revocationUrl, index: slot.index },
              suspension: { listUrl: slot.suspensionUrl, index: slot.index },
            },
            achievementBaseUrl: `${this.config.CREDENTIALS_PUBLIC_URL}/achievements`,
          });
          const document = await signCredential(unsigned, key, { created: at });
          entries.push({
            entryId,
            registerId,
            kind,
            entryNumber,
            serialNumber,
            learnerId: member.studentId,
            holder: learner,
            schoolId: list.schoolId,
            schoolName: school.name,
            graduationYear: list.graduationYear,
            decisionReference: list.decisionReference,
            issuedOn: list.decidedOn,
            authorityName: authority.name,
            changedBy: by,
            credential: {
              id: credentialId,
              document,
              hash: credentialHash(document),
              revocationListId: slot.revocationListId,
              suspensionListId: slot.suspensionListId,
              statusIndex: slot.index,
            },
            issuedAt: at,
          });
        }
        await this.repo.insertIssued(tx, list.id, entries);
        await this.messaging.outbox.enqueue(
          tx,
          entries.map((e) =>
            newTypedEvent(EventTypes.credentialIssued, {
              source: 'credentials',
              subjectId: e.credential.id,
              orgUnitId: e.schoolId,
              occurredAt: at,
              data: {
                credentialId: e.credential.id,
                entryId: e.entryId,
                registerId,
                kind,
                learnerId: e.learnerId,
                schoolId: e.schoolId,
                authorityId: authority.orgUnitId,
                graduationYear: list.graduationYear,
                credentialHash: e.credential.hash,
                issuedAt: at.toISOString(),
              },
            }),
          ),
        );
        // The register's coverage for the KPI: an issued register is digitised by birth.
        await this.coverage.publishCoverage(tx, registerId);
        return entries.length;
      });
      if (n === 0) return issued;
      issued += n;
    }
  }
}
