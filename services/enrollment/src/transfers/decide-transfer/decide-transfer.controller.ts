import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { DecideTransferDto } from './decide-transfer.dto';
import { DecideTransferService } from './decide-transfer.service';

const decideTransfer = (action: string) => ({
  action,
  resource: 'transfer',
  users: SCHOOL_DECIDERS,
  target: { idParam: 'id' },
  personalData: true,
});

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class DecideTransferController {
  constructor(private readonly service: DecideTransferService) {}

  @Post(':id/approval')
  @HttpCode(200)
  @Policy(decideTransfer('approve'))
  @Idempotent({ required: false })
  approve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Access() access: AccessContext,
    @Body() dto: DecideTransferDto,
  ) {
    return this.service.act(id, 'approve', access, dto.note);
  }

  @Post(':id/rejection')
  @HttpCode(200)
  @Policy(decideTransfer('reject'))
  @Idempotent({ required: false })
  reject(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Access() access: AccessContext,
    @Body() dto: DecideTransferDto,
  ) {
    return this.service.act(id, 'reject', access, dto.note);
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Policy(decideTransfer('complete'))
  @Idempotent({ required: false })
  complete(@Param('id', new ParseUUIDPipe()) id: string, @Access() access: AccessContext) {
    return this.service.act(id, 'complete', access);
  }
}
