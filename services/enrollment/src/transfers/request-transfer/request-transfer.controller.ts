import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { ADMISSION_READERS } from '../../shared/access/policies';
import { RequestTransferDto } from './request-transfer.dto';
import { RequestTransferService } from './request-transfer.service';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class RequestTransferController {
  constructor(private readonly service: RequestTransferService) {}

  @Post()
  @Policy({ action: 'request', resource: 'transfer', users: ADMISSION_READERS, personalData: true })
  @Idempotent({ required: false })
  request(@Body() dto: RequestTransferDto, @Access() access: AccessContext) {
    return this.service.request(dto, access);
  }
}
