import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { PageQuery } from '@qn/service-kit';
import { READ_ENTRIES } from '../registers-access';
import { RegistersRepository } from '../registers.repository';

@ApiTags('registers')
@ApiBearerAuth()
@Controller('registers/:registerId/entries')
export class ListEntriesController {
  constructor(private readonly repo: RegistersRepository) {}

  /**
   * A register's entries, by entry number, paged (`limit` ≤ 1000, `offset`): holders' names and
   * dates of birth, so every read is in the access log.
   */
  @Get()
  @Policy(READ_ENTRIES)
  async list(@Param('registerId', new ParseUUIDPipe()) registerId: string, @Query() q: PageQuery) {
    const register = await this.repo.register(registerId);
    if (!register)
      throw new NotFound('register-not-found', 'No such register', `no register ${registerId}`);
    return {
      registerId,
      total: await this.repo.countEntries(registerId),
      limit: q.limit,
      offset: q.offset,
      entries: await this.repo.entries(registerId, q.limit, q.offset),
    };
  }
}
