import { Conflict, RuleViolation } from '@qn/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { idempotentTransaction } from '@qn/service-kit';
import { PersonalDataGuard } from '../../shared/personal-data';
import { Round, RoundRepository } from '../../rounds/round.repository';
import { CsvProblem, parseExamScoresCsv, ScoreRow } from '../domain/exam-scores-csv';
import { RoundPublished } from '../../rounds/domain/round-errors';
import { bonusPointsCount } from '../../rounds/domain/admission-regulation';

export interface ImportResult {
  rows: number;
  matched: number;
  /** Lines whose candidate has no active application in this round (normal: not everyone applies here). */
  unmatchedLines: number[];
}

@Injectable()
export class ImportExamScoresService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rounds: RoundRepository,
    private readonly personalData: PersonalDataGuard,
  ) {}

  /** All or nothing: a file with any bad line changes no score. */
  async import(roundId: string, csv: string): Promise<ImportResult> {
    return idempotentTransaction(this.ds, async (tx) => {
      const round = await this.roundAcceptingScores(roundId, tx);
      const { rows, problems } = parseExamScoresCsv(
        csv,
        round.exam!.subjects.map((s) => s.code),
        bonusPointsCount(round.schoolYear),
      );
      if (problems.length)
        throw scoreProblems(problems, 'The score file has errors; nothing was imported');
      return this.apply(tx, round.id, rows);
    });
  }

  /** The round, locked, if it takes scores: a grade-10 exam round not yet published. */
  async roundAcceptingScores(roundId: string, tx: EntityManager): Promise<Round> {
    const round = await this.rounds.getOrFail(roundId, tx, true);
    if (round.grade !== 10 || !round.exam)
      throw new Conflict(
        'not-an-exam-round',
        'This round has no entrance exam',
        'exam scores belong to grade 10 rounds',
      );
    if (round.status === 'published')
      throw new RoundPublished('scores cannot change after the results are out');
    return round;
  }

  /** Sets the scores of the candidates' active applications in the round (matched by keyed hash). */
  async apply(tx: EntityManager, roundId: string, rows: ScoreRow[]): Promise<ImportResult> {
    const hashes = rows.map((r) => this.personalData.lookupHash(r.personalId));
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [updated]: [Array<{ applicant_hash: string }>, number] = await tx.query(
      `UPDATE application a SET exam_scores = s.scores, bonus_hundredths = s.bonus, updated_at = now()
         FROM unnest($2::text[], $3::jsonb[], $4::int[]) AS s(hash, scores, bonus)
        WHERE a.round_id = $1 AND a.status = 'active' AND a.applicant_hash = s.hash
        RETURNING a.applicant_hash`,
      [
        roundId,
        hashes,
        rows.map((r) => JSON.stringify(r.scores)),
        rows.map((r) => Math.round((r.bonus ?? 0) * 100)),
      ],
    );
    const matched = new Set(updated.map((u) => u.applicant_hash));
    return {
      rows: rows.length,
      matched: matched.size,
      unmatchedLines: rows.filter((_, i) => !matched.has(hashes[i])).map((r) => r.line),
    };
  }
}

export function scoreProblems(problems: CsvProblem[], title: string): RuleViolation {
  return new RuleViolation('exam-scores-invalid', title, `${problems.length} problem(s)`, {
    errors: problems.map((p) => ({ field: `line ${p.line}: ${p.field}`, message: p.message })),
  });
}
