import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DomainError, EventTypes, ExamScoresPublishedV1 } from '@qn/contracts';
import {
  ConsumedEvent,
  ConsumerGroup,
  EventContext,
  OnEvent,
  RejectedEventError,
} from '@qn/messaging';
import { checkScoreBatch } from '../domain/exam-scores-csv';
import { bonusPointsCount } from '../../rounds/domain/admission-regulation';
import { ImportExamScoresService } from './import-exam-scores.service';

/**
 * Grade-10 exam scores the exam board publishes on `enrollment.exam-score-intake.v1`: the same
 * rules and the same all-or-nothing update as the score file. A batch from an unknown source,
 * for a round that takes no scores, or with any bad candidate goes to the dead-letter topic
 * with the reason and changes nothing; the board fixes it and publishes the batch again.
 */
@Controller()
@ConsumerGroup({ group: 'enrollment.exam-score-intake' })
export class ExamScoresIntakeConsumer {
  constructor(private readonly scores: ImportExamScoresService) {}

  @OnEvent(EventTypes.examScoresPublished)
  async published(
    @Payload() { event }: ConsumedEvent<ExamScoresPublishedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const tx = ctx.getTransaction();
    try {
      const round = await this.scores.roundAcceptingScores(d.roundId, tx);
      const { rows, problems } = checkScoreBatch(
        d.candidates,
        round.exam!.subjects.map((s) => s.code),
        bonusPointsCount(round.schoolYear),
      );
      if (problems.length)
        throw new RejectedEventError(
          `exam-scores-invalid: ${problems
            .slice(0, 20)
            .map((p) => `candidate ${p.line}: ${p.field} ${p.message}`)
            .join('; ')}${problems.length > 20 ? `; … ${problems.length - 20} more` : ''}`,
        );
      await this.scores.apply(tx, round.id, rows);
    } catch (err) {
      if (err instanceof DomainError)
        throw new RejectedEventError(`${err.slug}: ${err.detail ?? ''}`);
      throw err;
    }
  }
}
