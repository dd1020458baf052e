import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  Conflict,
  EventTypes,
  InvalidInput,
  NotFound,
  OutOfScope,
  newTypedEvent,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { isCompetent } from '../../shared/access/competence';
import { DecisionsRepository } from '../decisions.repository';
import { correctionOf, type HolderFacts } from '../domain/correction';
import { NewCredentialVersion } from '../new-credential-version';

/**
 * Corrects a register entry by the competent authority's decision (chỉnh sửa văn bằng, Circular
 * 21/2019): the entry's facts change with a new version and a history row holding the previous
 * values and the decision; a diploma with a credential gets a new signed version, the old one
 * revoked as superseded. A revoked diploma is not corrected.
 */
@Injectable()
export class CorrectEntryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DecisionsRepository,
    private readonly versions: NewCredentialVersion,
    private readonly messaging: MessagingService,
  ) {}

  async correct(
    entryId: string,
    decision: { decisionReference: string; reason: string; changes: Partial<HolderFacts> },
    by: Principal,
  ) {
    const reference = decision.decisionReference.normalize('NFC').trim();
    return this.ds.transaction(async (tx) => {
      const entry = await this.repo.lockEntry(tx, entryId);
      if (!entry) throw new NotFound('register-entry-not-found', 'No register entry has this id');
      if (!isCompetent(by, entry))
        throw new OutOfScope(
          'not-competent-authority',
          'Only the authority that keeps the register corrects its diplomas',
        );
      if (entry.status === 'revoked')
        throw new Conflict('entry-revoked', 'The diploma is revoked: it is not corrected');
      const at = new Date();
      const c = correctionOf(entry, decision.changes, at.toISOString().slice(0, 10));
      if (!c.ok) throw new InvalidInput(c.errors);
      const version = await this.repo.correct(tx, entryId, c.next, at);
      await this.repo.recordChange(tx, {
        id: uuidv7(),
        entryId,
        version,
        change: 'corrected',
        decisionReference: reference,
        reason: decision.reason.normalize('NFC').trim(),
        previous: c.previous,
        by: by.subject,
        at,
      });
      const issued = entry.credential
        ? await this.versions.issue(tx, { ...entry, ...c.next, version }, entry.credential, at)
        : null;
      await this.messaging.outbox.enqueue(tx, [
        newTypedEvent(EventTypes.credentialCorrected, {
          source: 'credentials',
          subjectId: entryId,
          orgUnitId: entry.schoolId ?? entry.authorityId ?? undefined,
          occurredAt: at,
          data: {
            entryId,
            registerId: entry.registerId,
            kind: entry.kind,
            credentialId: issued?.id ?? null,
            previousCredentialId: entry.credential?.id ?? null,
            learnerId: entry.learnerId,
            schoolId: entry.schoolId,
            authorityId: entry.authorityId,
            version,
            fields: c.fields,
            decisionReference: reference,
            credentialHash: issued?.hash ?? null,
            correctedAt: at.toISOString(),
          },
        }),
      ]);
      return {
        entryId,
        version,
        fields: c.fields,
        decisionReference: reference,
        credentialId: issued?.id ?? null,
        previousCredentialId: entry.credential?.id ?? null,
        correctedAt: at,
      };
    });
  }
}
