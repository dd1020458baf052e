import { Module } from '@nestjs/common';
import { FindMarksController } from './find-marks/find-marks.controller';
import { GradebookRepository } from './gradebook.repository';
import { RecordMarksController } from './record-marks/record-marks.controller';
import { RecordMarksService } from './record-marks/record-marks.service';

/** The electronic gradebook (sổ điểm điện tử): teachers' marks per class, subject and term. */
@Module({
  controllers: [RecordMarksController, FindMarksController],
  providers: [GradebookRepository, RecordMarksService],
})
export class GradebookModule {}
