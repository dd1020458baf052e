import { Module } from '@nestjs/common';
import { GradebookModule } from '../gradebook/gradebook.module';
import { ConfirmClassTermController } from './confirm-class-term/confirm-class-term.controller';
import { ConfirmClassTermService } from './confirm-class-term/confirm-class-term.service';
import { ConfirmSubjectMarksController } from './confirm-subject-marks/confirm-subject-marks.controller';
import { ConfirmSubjectMarksService } from './confirm-subject-marks/confirm-subject-marks.service';
import { TermCloseRepository } from './term-close.repository';

/** Term close (khoá sổ): subject teachers confirm marks, the homeroom teacher the class. */
@Module({
  imports: [GradebookModule],
  controllers: [ConfirmSubjectMarksController, ConfirmClassTermController],
  providers: [TermCloseRepository, ConfirmSubjectMarksService, ConfirmClassTermService],
})
export class TermCloseModule {}
