import { Module } from '@nestjs/common';
import { RostersModule } from '../rosters/rosters.module';
import { CloseYearController } from './close-year/close-year.controller';
import { CloseYearService } from './close-year/close-year.service';
import { GraduationCandidatesController } from './graduation-candidates/graduation-candidates.controller';
import { GraduationCandidatesService } from './graduation-candidates/graduation-candidates.service';
import { RecordDepartureController } from './record-departure/record-departure.controller';
import { RecordDepartureService } from './record-departure/record-departure.service';

/** The end of a school year (tổng kết): outcomes, next year's roster, graduation candidates; departures. */
@Module({
  imports: [RostersModule],
  controllers: [CloseYearController, GraduationCandidatesController, RecordDepartureController],
  providers: [CloseYearService, GraduationCandidatesService, RecordDepartureService],
})
export class YearEndModule {}
