import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { ExamScoresIntakeConsumer } from './import-exam-scores/exam-scores-intake.consumer';
import { ImportExamScoresController } from './import-exam-scores/import-exam-scores.controller';
import { ImportExamScoresService } from './import-exam-scores/import-exam-scores.service';

/** Grade 10 entrance exam scores (điểm thi tuyển sinh lớp 10): the exam board's file or its intake events. */
@Module({
  imports: [RoundsModule],
  controllers: [ImportExamScoresController, ExamScoresIntakeConsumer],
  providers: [ImportExamScoresService],
})
export class ExamScoresModule {}
