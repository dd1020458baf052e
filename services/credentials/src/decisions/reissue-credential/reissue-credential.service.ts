import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  Conflict,
  EventTypes,
  NotFound,
  OutOfScope,
  newTypedEvent,
  type ReissueReason,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { isCompetent } from '../../shared/access/competence';
import { DecisionsRepository } from '../decisions.repository';
import { NewCredentialVersion } from '../new-credential-version';

/**
 * Issues a diploma's credential again, as the register has it (cấp lại: a lost wallet, a new
 * authority key); the previous credential is revoked as superseded. Only a valid diploma with a
 * credential is reissued.
 */
@Injectable()
export class ReissueCredentialService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DecisionsRepository,
    private readonly versions: NewCredentialVersion,
    private readonly messaging: MessagingService,
  ) {}

  async reissue(entryId: string, reason: ReissueReason, by: Principal) {
    return this.ds.transaction(async (tx) => {
      const entry = await this.repo.lockEntry(tx, entryId);
      if (!entry) throw new NotFound('register-entry-not-found', 'No register entry has this id');
      if (!isCompetent(by, entry))
        throw new OutOfScope(
          'not-competent-authority',
          'Only the authority that keeps the register reissues its diplomas',
        );
      if (!entry.credential)
        throw new Conflict(
          'no-credential',
          'The entry has no digital diploma to reissue',
          'entries digitised from paper registers are certified from the register instead',
        );
      if (entry.status !== 'valid')
        throw new Conflict(`entry-${entry.status}`, 'Only a valid diploma is reissued');
      const at = new Date();
      const issued = await this.versions.issue(tx, entry, entry.credential, at);
      await this.repo.recordChange(tx, {
        id: uuidv7(),
        entryId,
        version: entry.version,
        change: 'reissued',
        decisionReference: null,
        reason,
        previous: { credentialId: entry.credential.id },
        by: by.subject,
        at,
      });
      await this.messaging.outbox.enqueue(tx, [
        newTypedEvent(EventTypes.credentialReissued, {
          source: 'credentials',
          subjectId: entryId,
          orgUnitId: entry.schoolId ?? entry.authorityId ?? undefined,
          occurredAt: at,
          data: {
            entryId,
            registerId: entry.registerId,
            kind: entry.kind,
            credentialId: issued.id,
            previousCredentialId: entry.credential.id,
            learnerId: entry.learnerId,
            schoolId: entry.schoolId,
            authorityId: entry.credential.issuerAuthorityId,
            reason,
            credentialHash: issued.hash,
            reissuedAt: at.toISOString(),
          },
        }),
      ]);
      return {
        entryId,
        credentialId: issued.id,
        previousCredentialId: entry.credential.id,
        version: issued.version,
        reissuedAt: at,
      };
    });
  }
}
