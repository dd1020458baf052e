import { Injectable } from '@nestjs/common';
import { Principal } from '@qn/auth';
import { RecordMarksService, TermKey } from '../record-marks/record-marks.service';
import { fieldInFile, MarksFile } from './marks-file';

/** What an import did: counts only, never a mark (they are a child's personal data). */
export interface ImportReport {
  /** Learner rows in the file. */
  rows: number;
  /** Learners whose cells changed (or were new). */
  saved: number;
  /** Learners whose cells already said what the file says. */
  unchanged: number;
}

/**
 * A class's marks from a school-management system's file, written exactly as the form writes
 * them (`RecordMarksService.write`: the subject's own teacher, the term open, every row checked
 * as a learner of the form): all rows in one transaction, or none, with every problem named by
 * its row and column.
 */
@Injectable()
export class ImportMarksService {
  constructor(private readonly marks: RecordMarksService) {}

  async import(key: TermKey, file: MarksFile, principal: Principal): Promise<ImportReport> {
    const done = await this.marks.write(
      key,
      file.rows.map((r) => r.entry),
      principal,
      (p) => fieldInFile(file, p),
      file.problems,
    );
    return { rows: done.learners, saved: done.saved, unchanged: done.unchanged };
  }
}
