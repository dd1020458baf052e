import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, NotFound, OutOfScope } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { DecisionsRepository } from '../../decisions/decisions.repository';
import { isCompetent } from '../../shared/access/competence';
import { CertifiedCopiesRepository } from '../certified-copies.repository';
import type { EntrySnapshot } from '../render-certified-copy/certified-copy-page';

/**
 * Issues certified copies from the original register (bản sao từ sổ gốc) by the authority that
 * keeps it: of a valid entry only (a revoked or suspended diploma is not copied), and of a
 * digitised one only once a reviewer confirmed it against the paper page. Each request gets the
 * register's next copy number and keeps what the entry said.
 */
@Injectable()
export class IssueCertifiedCopyService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly entries: DecisionsRepository,
    private readonly copies: CertifiedCopiesRepository,
  ) {}

  async issue(
    entryId: string,
    request: {
      copies: number;
      requester: 'holder' | 'representative' | 'agency';
      purpose?: string;
    },
    by: Principal,
  ) {
    return this.ds.transaction(async (tx) => {
      const entry = await this.entries.lockEntry(tx, entryId);
      if (!entry) throw new NotFound('register-entry-not-found', 'No register entry has this id');
      if (!isCompetent(by, entry))
        throw new OutOfScope(
          'not-competent-authority',
          'Only the authority that keeps the register issues copies from it',
        );
      if (entry.status !== 'valid')
        throw new Conflict(`entry-${entry.status}`, 'A revoked or suspended diploma is not copied');
      // What the copy states: the entry as the register holds it now (read with its lock).
      const facts: EntrySnapshot = {
        kind: entry.kind,
        registerCode: entry.registerCode,
        authorityName: entry.authorityName,
        entryNumber: entry.entryNumber,
        serialNumber: entry.serialNumber,
        fullName: entry.fullName,
        dateOfBirth: entry.dateOfBirth,
        placeOfBirth: entry.placeOfBirth,
        gender: entry.gender,
        ethnicity: entry.ethnicity,
        schoolName: entry.schoolName,
        graduationYear: entry.graduationYear,
        classification: entry.classification,
        decisionReference: entry.decisionReference,
        issuedOn: entry.issuedOn,
      };
      if (entry.reviewState !== 'confirmed')
        throw new Conflict(
          'entry-not-confirmed',
          'The entry has not been confirmed against the register’s paper page',
          'review the entry (PUT /register-entries/:id/review) before copying it',
        );
      const copyNumber = await this.copies.nextCopyNumber(tx, entry.registerId);
      const copy = {
        id: uuidv7(),
        entryId,
        registerId: entry.registerId,
        copyNumber,
        copies: request.copies,
        requester: request.requester,
        purpose: request.purpose?.normalize('NFC').trim() ?? null,
        entry: facts,
        issuedAt: new Date(),
        issuedBy: by.subject,
      };
      await this.copies.insert(tx, copy);
      return {
        copyId: copy.id,
        entryId,
        copyNumber,
        reference: `${copyNumber}/BS-${facts.registerCode}`,
        copies: copy.copies,
        issuedAt: copy.issuedAt,
      };
    });
  }
}
