import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { ADMISSION_READERS } from '../../shared/access/policies';
import { TransferNotFound, TransferRepository } from '../transfer.repository';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class FindTransferController {
  constructor(private readonly transfers: TransferRepository) {}

  @Get(':id')
  @Policy({
    action: 'read',
    resource: 'transfer',
    users: ADMISSION_READERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const t = await this.transfers.get(id);
    if (!t) throw new TransferNotFound(id);
    return t;
  }
}
