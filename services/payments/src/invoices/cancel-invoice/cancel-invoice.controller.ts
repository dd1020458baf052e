import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { CancelInvoiceDto } from './cancel-invoice.dto';
import { CancelInvoiceService } from './cancel-invoice.service';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class CancelInvoiceController {
  constructor(private readonly service: CancelInvoiceService) {}

  @Post('invoices/:id/cancel')
  @HttpCode(200)
  @Policy({
    action: 'cancel',
    resource: 'invoice',
    users: MONEY_KEEPERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent()
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelInvoiceDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.cancel(id, dto.reason, p);
  }
}
