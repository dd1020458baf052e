import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { CreateRoundDto } from './create-round.dto';
import { CreateRoundService, RoundView } from './create-round.service';

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds')
export class CreateRoundController {
  constructor(private readonly service: CreateRoundService) {}

  /** The department (Sở GDĐT) or a commune sets up admission rounds. */
  @Post()
  @Policy({ action: 'create', resource: 'round', users: { province: Reach.All } })
  @Idempotent({ required: false })
  create(@Body() dto: CreateRoundDto): Promise<RoundView> {
    return this.service.create(dto);
  }
}
