import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob, SERVICE_CONFIG } from '@qn/service-kit';
import type { RecordsConfig } from '../../config';
import {
  RECORDS_SECTOR_DATABASE,
  SectorDatabaseUnavailable,
  type RecordsSectorDatabase,
  type TermResultRecord,
} from '../../shared/sector-database/records-sector-database';
import {
  inBatches,
  isPrimaryGrade,
  learnerTermRecord,
  primaryLearnerTermRecord,
  termCode,
} from '../domain/term-results';
import { QueuedClassTerm, SectorExportRepository } from '../sector-export.repository';

export interface SenderRun {
  batchesBuilt: number;
  batchesAnswered: number;
  /** Batches left unanswered: the sector database could not be reached (sent again next run). */
  batchesLeft: number;
}

/**
 * Sends each signed class term's results to the sector database. Every SECTOR_EXPORT_INTERVAL_MS
 * (the shared `PeriodicJob`: one run at a time, `stop()` waits for it on shutdown) it
 *
 * 1. builds batches of the queued class terms (secondary: `learnerTermRecord`; primary, grades
 *    1-5: `primaryLearnerTermRecord`), per school, school year and term, in one
 *    transaction with marking them batched: the records exactly as they will be sent, under a
 *    batch id, with a pending row per record;
 * 2. sends every unanswered batch, oldest first, and stores each record's answer with the
 *    batch's answered time. `SectorDatabaseUnavailable` stores the attempt and stops the run: the
 *    same batch (same id, same records) goes again next run, and the sector database answers it
 *    as the first time, so a crash between sending and storing loses nothing.
 *
 * Logs carry counts and ids, never a name or a mark.
 */
@Injectable()
export class TermResultsSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SectorExport');
  private readonly job: PeriodicJob;
  private readonly everyMs: number;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: SectorExportRepository,
    @Inject(RECORDS_SECTOR_DATABASE) private readonly sector: RecordsSectorDatabase,
    @Inject(SERVICE_CONFIG) config: RecordsConfig,
  ) {
    this.everyMs = config.SECTOR_EXPORT_INTERVAL_MS;
    this.job = new PeriodicJob(
      Math.max(this.everyMs, 1),
      () => this.run(),
      (e) => this.logger.error(`sector export: ${e.message}`),
      'send term results',
    );
  }

  onApplicationBootstrap(): void {
    if (this.everyMs > 0) this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One run now (tests, or a tick). */
  async run(): Promise<SenderRun> {
    const batchesBuilt = await this.buildBatches();
    let batchesAnswered = 0;
    const ids = await this.repo.unansweredBatchIds();
    for (const [i, id] of ids.entries()) {
      const sent = await this.send(id);
      if (sent === 'unavailable') {
        const run = { batchesBuilt, batchesAnswered, batchesLeft: ids.length - i };
        this.logger.warn(
          `sector database unavailable: ${run.batchesLeft} batch(es) left for later`,
        );
        return run;
      }
      if (sent === 'answered') batchesAnswered++;
    }
    if (batchesBuilt || batchesAnswered)
      this.logger.log(`term results: ${batchesBuilt} batch(es) built, ${batchesAnswered} answered`);
    return { batchesBuilt, batchesAnswered, batchesLeft: 0 };
  }

  private buildBatches(): Promise<number> {
    return this.ds.transaction(async (tx) => {
      const queued = await this.repo.claimQueued(tx);
      const groups = new Map<string, QueuedClassTerm[]>();
      for (const q of queued) {
        const key = `${q.schoolId}/${q.schoolYear}/${q.term}`;
        groups.set(key, [...(groups.get(key) ?? []), q]);
      }
      const at = new Date();
      let built = 0;
      for (const classes of groups.values()) {
        const { schoolId, schoolYear, term } = classes[0]!;
        const records: TermResultRecord[] = [];
        for (const c of classes) {
          if (isPrimaryGrade(c.grade))
            for (const l of await this.repo.primaryClassTermLearners(tx, c))
              records.push(
                primaryLearnerTermRecord({
                  studentId: l.studentId,
                  classId: c.classId,
                  grade: c.grade,
                  term: c.term,
                  subjectCodes: c.subjectCodes,
                  assessments: l.assessments,
                  qualities: l.qualities,
                }),
              );
          else
            for (const l of await this.repo.classTermLearners(tx, c))
              records.push(
                learnerTermRecord({
                  studentId: l.studentId,
                  classId: c.classId,
                  grade: c.grade,
                  subjectCodes: c.subjectCodes,
                  cells: l.cells,
                  conduct: l.conduct,
                }),
              );
          await this.repo.markBatched(tx, c, at);
        }
        for (const chunk of inBatches(records, this.sector.maxBatch)) {
          await this.repo.insertBatch(
            tx,
            {
              batchId: randomUUID(),
              schoolId,
              schoolYear,
              term: termCode(schoolYear, term),
              records: chunk,
            },
            term,
            at,
          );
          built++;
        }
      }
      return built;
    });
  }

  /** Sends one stored batch and stores the answers (or the failed attempt). */
  private send(id: string): Promise<'answered' | 'skipped' | 'unavailable'> {
    return this.ds.transaction(async (tx) => {
      const stored = await this.repo.lockUnanswered(tx, id);
      if (!stored) return 'skipped';
      try {
        const answers = await this.sector.submitTermResults(stored.batch);
        await this.repo.recordAnswers(tx, id, this.sector.provider, answers, new Date());
        const accepted = answers.filter((a) => a.status === 'accepted').length;
        this.logger.log(
          `batch ${id}: ${answers.length} record(s), ${accepted} accepted, ${answers.length - accepted} rejected`,
        );
        return 'answered';
      } catch (e) {
        if (!(e instanceof SectorDatabaseUnavailable)) throw e;
        await this.repo.recordFailure(tx, id, e.message, new Date());
        return 'unavailable';
      }
    });
  }
}
