import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, NotFound, RuleViolation, type FieldError } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { decideReview, StoredEntryFields } from '../domain/review';
import { RegisterCoverage } from '../register-coverage';
import { RegistersRepository } from '../registers.repository';
import { refusingSerialClash } from '../unique-clash';
import { ReviewEntryDto } from './review-entry.dto';

const invalid = (errors: FieldError[]) =>
  new RuleViolation(
    'register-review-invalid',
    'The review is not valid',
    errors.map((e) => `${e.field} ${e.message}`).join('; '),
    { errors },
  );

/**
 * A reviewer compares a historic entry with its scanned page: confirms it or disputes it, and
 * corrects what was read wrongly. The entry's previous values go to its change history, its
 * version moves by one, and the register's coverage (confirmed entries) is published with it.
 */
@Injectable()
export class ReviewEntryService {
  constructor(
    private readonly repo: RegistersRepository,
    private readonly coverage: RegisterCoverage,
  ) {}

  async review(entryId: string, dto: ReviewEntryDto, principal: Principal, today: string) {
    const registerId = await this.repo.entryRegisterId(entryId);
    if (!registerId) throw new NotFound('register-entry-not-found', 'No such register entry');
    return refusingSerialClash(() =>
      this.repo.transaction(async (tx) => {
        // The register first (as imports lock it), then the entry: one order, no deadlock.
        const register = await this.repo.lockRegister(tx, registerId);
        const entry = await this.repo.entryForUpdate(tx, entryId);
        if (!register || !entry)
          throw new NotFound('register-entry-not-found', 'No such register entry');
        if (entry.origin !== 'historic')
          throw new Conflict(
            'register-entry-not-historic',
            'Only digitised historic entries are reviewed',
            'an issued entry is corrected by a decision, not by a review',
          );
        if (dto.version !== undefined && dto.version !== entry.version)
          throw new Conflict(
            'register-entry-changed',
            'The entry changed since it was read',
            `version ${entry.version} is current`,
            { version: entry.version },
          );
        const decision = decideReview(
          { state: dto.state, note: dto.note, corrections: dto.corrections },
          entry as StoredEntryFields,
          { schoolName: register.schoolName, graduationYear: register.graduationYear, today },
        );
        if (!decision.ok) throw invalid(decision.problems);
        const clash = await this.repo.clashes(tx, entry, decision.changes);
        const problems: FieldError[] = [];
        if ('entryNumber' in decision.changes && clash.entryNumber)
          problems.push({
            field: 'corrections.entryNumber',
            message: 'is already in the register',
          });
        if (
          'serialNumber' in decision.changes &&
          decision.changes.serialNumber &&
          clash.serialNumber
        )
          problems.push({
            field: 'corrections.serialNumber',
            message: 'is already recorded for another diploma of this kind',
          });
        if (problems.length) throw invalid(problems);
        const done = await this.repo.writeReview(tx, entry, {
          state: decision.state,
          note: decision.note,
          changes: decision.changes,
          previous: decision.previous,
          by: principal.subject,
          correctionChangeId: uuidv7(),
          reviewChangeId: uuidv7(),
        });
        const coverage = await this.coverage.publishCoverage(tx, registerId);
        return {
          entryId,
          registerId,
          reviewState: decision.state,
          version: done.version,
          // Names only: the values stay in the entry and its history.
          correctedFields: Object.keys(decision.changes),
          reviewedAt: done.reviewedAt,
          reviewedEntries: coverage.reviewedEntries,
        };
      }),
    );
  }
}
