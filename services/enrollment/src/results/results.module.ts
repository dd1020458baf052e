import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { RoundsModule } from '../rounds/rounds.module';
import { AnswerOfferController } from './answer-offer/answer-offer.controller';
import { AnswerOfferService } from './answer-offer/answer-offer.service';
import { ConfirmEnrollmentController } from './confirm-enrollment/confirm-enrollment.controller';
import { ConfirmEnrollmentService } from './confirm-enrollment/confirm-enrollment.service';
import { FindOffersController } from './find-offers/find-offers.controller';
import { PublishResultsController } from './publish-results/publish-results.controller';
import { PublishResultsService } from './publish-results/publish-results.service';

/** Results (kết quả tuyển sinh): the assignment, offers and waiting lists, answers, enrollment. */
@Module({
  imports: [RoundsModule, ApplicationsModule],
  controllers: [
    PublishResultsController,
    AnswerOfferController,
    ConfirmEnrollmentController,
    FindOffersController,
  ],
  providers: [PublishResultsService, AnswerOfferService, ConfirmEnrollmentService],
})
export class ResultsModule {}
