import { Module } from '@nestjs/common';
import { ConductRepository } from './conduct.repository';
import { FindConductController } from './find-conduct/find-conduct.controller';
import { FindMarksController } from './find-marks/find-marks.controller';
import { FindPrimaryAssessmentsController } from './find-primary-assessments/find-primary-assessments.controller';
import { GradebookRepository } from './gradebook.repository';
import { ImportMarksController } from './import-marks/import-marks.controller';
import { ImportMarksService } from './import-marks/import-marks.service';
import { PrimaryAssessmentsRepository } from './primary-assessments.repository';
import { RecordConductController } from './record-conduct/record-conduct.controller';
import { RecordConductService } from './record-conduct/record-conduct.service';
import { RecordMarksController } from './record-marks/record-marks.controller';
import { RecordMarksService } from './record-marks/record-marks.service';
import { RecordPrimaryAssessmentsController } from './record-primary-assessments/record-primary-assessments.controller';
import { RecordPrimaryAssessmentsService } from './record-primary-assessments/record-primary-assessments.service';

/**
 * The electronic gradebook (sổ điểm điện tử): teachers' marks per class, subject and term
 * (secondary, Circular 22), the homeroom teacher's conduct, absences and remarks (secondary) and
 * primary assessments (Circular 27).
 */
@Module({
  controllers: [
    RecordMarksController,
    ImportMarksController,
    FindMarksController,
    RecordPrimaryAssessmentsController,
    FindPrimaryAssessmentsController,
    RecordConductController,
    FindConductController,
  ],
  exports: [GradebookRepository, ConductRepository, PrimaryAssessmentsRepository],
  providers: [
    GradebookRepository,
    PrimaryAssessmentsRepository,
    RecordMarksService,
    ImportMarksService,
    RecordPrimaryAssessmentsService,
    ConductRepository,
    RecordConductService,
  ],
})
export class GradebookModule {}
