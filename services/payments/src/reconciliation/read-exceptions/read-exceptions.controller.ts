import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { ExceptionQueue } from '../exception-queue.repository';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('payment-exceptions')
export class ReadExceptionsController {
  constructor(private readonly queue: ExceptionQueue) {}

  /** Exceptions of the caller's schools; those matched to no student are the department's. */
  @Get()
  @Policy({ action: 'list', resource: 'payment-exception', users: MONEY_KEEPERS })
  list(
    @Access() access: AccessContext,
    @Query('status') status?: string,
    @Query('source') source?: string,
  ) {
    return this.queue.list(status, source, access.unitFilter());
  }

  @Get(':id')
  @Policy({
    action: 'read',
    resource: 'payment-exception',
    users: MONEY_KEEPERS,
    target: { idParam: 'id' },
  })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queue.get(id);
  }
}
