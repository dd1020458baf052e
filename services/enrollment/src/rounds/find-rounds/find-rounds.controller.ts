import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { RoundRepository } from '../round.repository';
import { RoundNotFound } from '../domain/round-errors';
import type { RoundView } from '../create-round/create-round.service';

/** Rounds, their schools and dates are public notice (thông báo tuyển sinh). */
const READ_ROUNDS = {
  action: 'read',
  resource: 'round',
  users: everyone(),
  clients: { [ClientScope.MasterDataRead]: Reach.All, [ClientScope.ApplicationsSubmit]: Reach.All },
};

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds')
export class FindRoundsController {
  constructor(private readonly rounds: RoundRepository) {}

  @Get()
  @Policy(READ_ROUNDS)
  list(): Promise<RoundView[]> {
    return this.rounds.list();
  }

  @Get(':id')
  @Policy(READ_ROUNDS)
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const round = await this.rounds.get(id);
    if (!round) throw new RoundNotFound(id);
    return { ...round, schools: await this.rounds.schools(id) };
  }
}
