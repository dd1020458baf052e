import { Module } from '@nestjs/common';
import { GradebookModule } from '../gradebook/gradebook.module';
import { SchoolRecordsModule } from '../school-records/school-records.module';
import { SectorExportModule } from '../sector-export/sector-export.module';
import { ConfirmClassTermController } from './confirm-class-term/confirm-class-term.controller';
import { ConfirmClassTermService } from './confirm-class-term/confirm-class-term.service';
import { ConfirmSubjectMarksController } from './confirm-subject-marks/confirm-subject-marks.controller';
import { ConfirmSubjectMarksService } from './confirm-subject-marks/confirm-subject-marks.service';
import { SignClassTermController } from './sign-class-term/sign-class-term.controller';
import { SignClassTermService } from './sign-class-term/sign-class-term.service';
import { TermCloseRepository } from './term-close.repository';

/**
 * Term close (khoá sổ): subject teachers confirm marks, the homeroom teacher the class, the
 * principal signs (and at term 2 every learner's học bạ is signed).
 */
@Module({
  imports: [GradebookModule, SchoolRecordsModule, SectorExportModule],
  controllers: [ConfirmSubjectMarksController, ConfirmClassTermController, SignClassTermController],
  providers: [
    TermCloseRepository,
    ConfirmSubjectMarksService,
    ConfirmClassTermService,
    SignClassTermService,
  ],
})
export class TermCloseModule {}
