import { Module } from '@nestjs/common';
import { LearnerRepository } from './learner.repository';
import { LearnerIdentitiesConsumer } from './record-identities/learner-identities.consumer';

/**
 * Who the learners are (name, date of birth, gender, ethnicity), from enrollment's learner
 * register: what a học bạ prints at its head. Exports the repository for the record use cases.
 */
@Module({
  controllers: [LearnerIdentitiesConsumer],
  providers: [LearnerRepository],
  exports: [LearnerRepository],
})
export class LearnersModule {}
