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
  type StatusReason,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { AuthorityRegistry } from '../../authorities/authority-registry';
import { StatusListsRepository } from '../../credential-status/status-lists.repository';
import { isCompetent } from '../../shared/access/competence';
import { DecisionsRepository } from '../decisions.repository';
import { statusTransition, type StatusAction } from '../domain/status-transition';

const EVENT = {
  revoke: EventTypes.credentialRevoked,
  suspend: EventTypes.credentialSuspended,
  reinstate: EventTypes.credentialReinstated,
} as const;
const CHANGE = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' } as const;
const CONFLICT_TITLE = {
  'entry-revoked': 'The diploma is revoked: revocation is final',
  'entry-suspended': 'The diploma is suspended already',
  'entry-not-suspended': 'The diploma is not suspended',
} as const;

/**
 * Revokes, suspends or reinstates a diploma by the competent authority's decision: the register
 * entry records the status, the reason and the decision; the credential's bit is set or cleared
 * in its authority's status list (re-signed) in the same transaction, with the event.
 */
@Injectable()
export class ChangeStatusService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DecisionsRepository,
    private readonly registry: AuthorityRegistry,
    private readonly statusLists: StatusListsRepository,
    private readonly messaging: MessagingService,
  ) {}

  async change(
    entryId: string,
    action: StatusAction,
    decision: { decisionReference: string; reason: StatusReason },
    by: Principal,
  ) {
    const reference = decision.decisionReference.normalize('NFC').trim();
    return this.ds.transaction(async (tx) => {
      const entry = await this.repo.lockEntry(tx, entryId);
      if (!entry) throw new NotFound('register-entry-not-found', 'No register entry has this id');
      if (!isCompetent(by, entry))
        throw new OutOfScope(
          'not-competent-authority',
          'Only the authority that keeps the register decides on its diplomas',
        );
      const t = statusTransition(entry.status, action);
      if (!t.ok) throw new Conflict(t.code, CONFLICT_TITLE[t.code]);
      const at = new Date();
      await this.repo.setStatus(tx, entryId, t.status, decision.reason, reference, at);
      await this.repo.recordChange(tx, {
        id: uuidv7(),
        entryId,
        version: entry.version,
        change: CHANGE[action],
        decisionReference: reference,
        reason: decision.reason,
        previous: { status: entry.status },
        by: by.subject,
        at,
      });
      const c = entry.credential;
      if (c) {
        const key = await this.registry.signingKeyOf(tx, c.issuerAuthorityId);
        if (t.bits.revocation !== undefined)
          await this.statusLists.setStatus(
            tx,
            c.revocationListId,
            c.statusIndex,
            t.bits.revocation,
            key,
            at,
          );
        if (t.bits.suspension !== undefined)
          await this.statusLists.setStatus(
            tx,
            c.suspensionListId,
            c.statusIndex,
            t.bits.suspension,
            key,
            at,
          );
      }
      await this.messaging.outbox.enqueue(tx, [
        newTypedEvent(EVENT[action], {
          source: 'credentials',
          subjectId: entryId,
          orgUnitId: entry.schoolId ?? entry.authorityId ?? undefined,
          occurredAt: at,
          data: {
            entryId,
            registerId: entry.registerId,
            kind: entry.kind,
            credentialId: c?.id ?? null,
            learnerId: entry.learnerId,
            schoolId: entry.schoolId,
            authorityId: entry.authorityId,
            reason: decision.reason,
            decisionReference: reference,
            changedAt: at.toISOString(),
          },
        }),
      ]);
      return {
        entryId,
        status: t.status,
        reason: decision.reason,
        decisionReference: reference,
        changedAt: at,
        credentialId: c?.id ?? null,
      };
    });
  }
}
