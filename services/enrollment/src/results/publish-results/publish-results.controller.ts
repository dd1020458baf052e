import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import type { RoundSummary } from '../domain/round-summary';
import { PublishResultsService } from './publish-results.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('rounds/:roundId')
@Policy({ action: 'decide', resource: 'round-results', users: { province: Reach.All } })
export class PublishResultsController {
  constructor(private readonly service: PublishResultsService) {}

  /** A dry run of the assignment on the applications so far (provisional lottery). */
  @Post('simulation')
  @HttpCode(200)
  simulate(@Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<RoundSummary> {
    return this.service.simulate(roundId);
  }

  /** The official results: offers, waiting lists, the lottery seed revealed. Once per round. */
  @Post('publication')
  @HttpCode(200)
  @Idempotent({ required: false })
  publish(@Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<RoundSummary> {
    return this.service.publish(roundId);
  }
}
