import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { AnswerOfferService } from './answer-offer.service';
import { OfferAnswerDoc } from './offer-answer.openapi';

/** The child's guardians answer an offer; the department may answer for a family at its request. */
const ANSWER_OFFER = {
  action: 'answer',
  resource: 'offer',
  users: { family: Reach.Guardian, province: Reach.All },
  target: { idParam: 'id' },
  personalData: true,
} as const;

@ApiTags('results')
@ApiBearerAuth()
@Controller('offers/:id')
export class AnswerOfferController {
  constructor(private readonly service: AnswerOfferService) {}

  @Post('acceptance')
  @HttpCode(200)
  @Policy(ANSWER_OFFER)
  @Idempotent({ required: false })
  @ApiOkResponse({ type: OfferAnswerDoc })
  accept(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.decide(id, p, true);
  }

  @Post('decline')
  @HttpCode(200)
  @Policy(ANSWER_OFFER)
  @Idempotent({ required: false })
  @ApiOkResponse({ type: OfferAnswerDoc })
  decline(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.decide(id, p, false);
  }
}
