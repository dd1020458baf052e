import { Module } from '@nestjs/common';
import { RoundClosing } from './close-rounds/round-closing';
import { CreateRoundController } from './create-round/create-round.controller';
import { CreateRoundService } from './create-round/create-round.service';
import { FindRoundsController } from './find-rounds/find-rounds.controller';
import { RoundRepository } from './round.repository';
import { SetSchoolSeatsController } from './set-school-seats/set-school-seats.controller';
import { SetSchoolSeatsService } from './set-school-seats/set-school-seats.service';

/** Admission rounds (kỳ tuyển sinh): set up, schools' seats, read, and closed at the deadline. */
@Module({
  controllers: [CreateRoundController, FindRoundsController, SetSchoolSeatsController],
  providers: [RoundRepository, CreateRoundService, SetSchoolSeatsService, RoundClosing],
  exports: [RoundRepository],
})
export class RoundsModule {}
