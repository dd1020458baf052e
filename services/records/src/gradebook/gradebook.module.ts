import { Module } from '@nestjs/common';
import { FindMarksController } from './find-marks/find-marks.controller';
import { GradebookRepository } from './gradebook.repository';
import { ImportMarksController } from './import-marks/import-marks.controller';
import { ImportMarksService } from './import-marks/import-marks.service';
import { RecordMarksController } from './record-marks/record-marks.controller';
import { RecordMarksService } from './record-marks/record-marks.service';

/** The electronic gradebook (sổ điểm điện tử): teachers' marks per class, subject and term. */
@Module({
  controllers: [RecordMarksController, ImportMarksController, FindMarksController],
  providers: [GradebookRepository, RecordMarksService, ImportMarksService],
})
export class GradebookModule {}
