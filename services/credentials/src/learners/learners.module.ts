import { Module } from '@nestjs/common';
import { LearnerRepository } from './learner.repository';
import { LearnerIdentitiesConsumer } from './record-identities/learner-identities.consumer';

/** Who the learners are (name, date of birth, gender, ethnicity), from enrollment's learner register. */
@Module({
  controllers: [LearnerIdentitiesConsumer],
  providers: [LearnerRepository],
  exports: [LearnerRepository],
})
export class LearnersModule {}
