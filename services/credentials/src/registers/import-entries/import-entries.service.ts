import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, NotFound, RuleViolation, type FieldError } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { checkEntryRows } from '../domain/entry-rows';
import { RegisterCoverage } from '../register-coverage';
import { RegistersRepository } from '../registers.repository';
import { refusingSerialClash } from '../unique-clash';
import { EntriesFile } from './entries-file';

/** What an import did: counts only (the entries hold names and dates of birth). */
export interface ImportReport {
  importId: string;
  registerId: string;
  rows: number;
  imported: number;
  digitisedEntries: number;
  expectedEntries: number | null;
}

const invalid = (errors: FieldError[]) =>
  new RuleViolation(
    'register-entries-invalid',
    'The register file has invalid rows',
    `${errors.length} problem(s): ${errors
      .slice(0, 20)
      .map((e) => e.field)
      .join(', ')}${errors.length > 20 ? ', …' : ''}`,
    { errors },
  );

/**
 * A historic register's entries from the file typed off its scanned pages: all rows or none.
 * The register is locked while the file is judged against its entries and written, so two
 * imports of one register (or the same file twice at once) cannot both pass the duplicate checks.
 */
@Injectable()
export class ImportEntriesService {
  constructor(
    private readonly repo: RegistersRepository,
    private readonly coverage: RegisterCoverage,
  ) {}

  async import(
    registerId: string,
    text: string,
    file: EntriesFile,
    principal: Principal,
    today: string,
  ): Promise<ImportReport> {
    const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    return refusingSerialClash(() =>
      this.repo.transaction(async (tx) => {
        const register = await this.repo.lockRegister(tx, registerId);
        if (!register)
          throw new NotFound('register-not-found', 'No such register', `no register ${registerId}`);
        if (register.origin !== 'historic')
          throw new Conflict(
            'register-not-historic',
            'Only historic registers are imported',
            'entries of an issued register are written when each diploma is issued',
          );
        const earlier = await this.repo.importOf(tx, registerId, sha256);
        if (earlier)
          throw new Conflict(
            'register-file-already-imported',
            'This file was already imported into the register',
            `the same file was imported on ${earlier.importedAt.toISOString()} (${earlier.entries} entries)`,
            { importId: earlier.id },
          );
        if (file.problems.length) throw invalid(file.problems);
        const numbers = file.rows.map((r) => (r.cells.so_vao_so ?? '').normalize('NFC').trim());
        const serials = file.rows.map((r) =>
          (r.cells.so_hieu ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase(),
        );
        const existing = await this.repo.existing(
          tx,
          registerId,
          register.kind,
          numbers.filter(Boolean),
          serials.filter(Boolean),
        );
        const checked = checkEntryRows(
          file.rows,
          { schoolName: register.schoolName, graduationYear: register.graduationYear, today },
          existing,
        );
        if (checked.problems.length) throw invalid(checked.problems);
        const importId = uuidv7();
        await this.repo.insertImport(
          tx,
          { id: importId, registerId, sha256, importedBy: principal.subject },
          register,
          checked.entries.map(({ row: _row, ...e }) => ({
            ...e,
            id: uuidv7(),
            changeId: uuidv7(),
          })),
        );
        const coverage = await this.coverage.publishCoverage(tx, registerId);
        return {
          importId,
          registerId,
          rows: file.rows.length,
          imported: checked.entries.length,
          digitisedEntries: coverage.digitisedEntries,
          expectedEntries: coverage.expectedEntries,
        };
      }),
    );
  }
}
