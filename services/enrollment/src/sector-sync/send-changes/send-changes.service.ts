import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Conflict, InvalidInput, Unavailable } from '@qn/contracts';
import { OrgDirectory } from '@qn/org-directory';
import { schoolOrFail } from '../../shared/schools';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { chunks } from '../../identity-checks/domain/identity-check-plan';
import { PersonalDataGuard } from '../../shared/personal-data';
import {
  SECTOR_DATABASE,
  SectorDatabase,
  SectorDatabaseUnavailable,
  SectorRecord,
  SectorRecordAnswer,
} from '../../shared/ports/sector-database';
import { changeFor, fingerprintOf, parseTerm } from '../domain/sector-changes';
import { PlannedItem, SectorSyncRepository, SyncLearner } from '../sector-sync.repository';

export interface SectorSyncRun {
  schoolId: string;
  term: string;
  provider: string;
  batchIds: string[];
  sent: number;
  accepted: number;
  rejected: number;
  /** Changed learners not sent: no personal id recorded. */
  skipped: number;
  rejections: Array<{ studentId: string; change: string; reason: string }>;
}

/**
 * Sends a school's changes of a term to the sector database: every learner of the term's school
 * year whose state differs from what the sector database last accepted (`changeFor`), in
 * batches of its size. Batches and items are written before sending (status `sending`), then
 * the answers; if it cannot be reached, the batches not answered are `failed` and their
 * learners are sent again next time (503).
 */
@Injectable()
export class SendChangesService {
  private readonly logger = new Logger('SendSectorChanges');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SECTOR_DATABASE) private readonly sector: SectorDatabase,
    private readonly repository: SectorSyncRepository,
    private readonly personalData: PersonalDataGuard,
    private readonly directory: OrgDirectory,
  ) {}

  async send(schoolId: string, termCode: string, requestedBy: string): Promise<SectorSyncRun> {
    const term = parseTerm(termCode);
    if ('error' in term) throw new InvalidInput([{ field: 'term', message: term.error }]);
    await schoolOrFail(this.directory, schoolId);
    const run: SectorSyncRun = {
      schoolId,
      term: term.code,
      provider: this.sector.provider,
      batchIds: [],
      sent: 0,
      accepted: 0,
      rejected: 0,
      skipped: 0,
      rejections: [],
    };
    const planned: Array<{
      batchId: string;
      items: Array<PlannedItem & { record: SectorRecord }>;
    }> = [];
    await this.ds.transaction(async (tx) => {
      if (await this.repository.lockSchool(tx, schoolId))
        throw new Conflict(
          'sector-sync-in-progress',
          'A sync of this school is in progress',
          'wait for it to finish, then send again',
        );
      const items: Array<PlannedItem & { record: SectorRecord }> = [];
      for (const l of await this.repository.learners(tx, schoolId, term.schoolYear)) {
        const fingerprint = fingerprintOf(l);
        const change = changeFor(fingerprint, l.accepted);
        if (!change) continue;
        const personalId = this.personalIdOf(l);
        if (!personalId) {
          run.skipped++;
          continue;
        }
        items.push({
          studentId: l.studentId,
          change,
          fingerprint,
          record: {
            ref: l.studentId,
            change,
            personalId,
            fullName: l.fullName.normalize('NFC'),
            dateOfBirth: l.dateOfBirth,
            gender: l.gender,
            grade: l.grade,
            className: l.className,
            effectiveOn: fingerprint.e,
          },
        });
      }
      const sentAt = new Date();
      for (const chunk of chunks(items, this.sector.maxBatch)) {
        const batchId = uuidv7();
        await this.repository.insertBatch(
          tx,
          {
            id: batchId,
            schoolId,
            schoolYear: term.schoolYear,
            term: term.code,
            provider: this.sector.provider,
            requestedBy,
            sentAt,
          },
          chunk,
        );
        planned.push({ batchId, items: chunk });
      }
    });
    for (const [i, p] of planned.entries()) {
      let answers: SectorRecordAnswer[];
      try {
        answers = await this.sector.submitChanges({
          batchId: p.batchId,
          schoolId,
          schoolYear: term.schoolYear,
          term: term.code,
          records: p.items.map((x) => x.record),
        });
      } catch (err) {
        if (!(err instanceof SectorDatabaseUnavailable)) throw err;
        const left = planned.slice(i).map((b) => b.batchId);
        await this.repository.markFailed(left, 'unavailable');
        this.logger.warn(`sector database unavailable: ${left.length} batches not sent`);
        throw new Unavailable(
          'sector-database-unavailable',
          'The sector database cannot be reached',
          `${run.sent} records were sent and answered; ${left.length} batches were not and will be sent again next time`,
          { sent: run.sent, failedBatches: left.length },
        );
      }
      await this.ds.transaction((tx) => this.repository.recordAnswers(tx, p.batchId, answers));
      const changeOf = new Map(p.items.map((x) => [x.studentId, x.change]));
      run.batchIds.push(p.batchId);
      run.sent += answers.length;
      for (const a of answers)
        if (a.status === 'accepted') run.accepted++;
        else {
          run.rejected++;
          run.rejections.push({
            studentId: a.ref,
            change: changeOf.get(a.ref) ?? 'enrolled',
            reason: a.reason,
          });
        }
    }
    return run;
  }

  private personalIdOf(l: SyncLearner): string | null {
    if (!l.sealed || !l.sealingContext) return null;
    try {
      return this.personalData.unseal(l.sealed, l.sealingContext);
    } catch {
      this.logger.warn(`a sealed personal id of student ${l.studentId} cannot be read`);
      return null;
    }
  }
}
