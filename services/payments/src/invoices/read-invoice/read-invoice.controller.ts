import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { readInvoice } from '../../shared/access-policies';
import { InvoiceViews } from '../invoice-views.service';
import { InvoiceDoc } from '../invoice.openapi';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class ReadInvoiceController {
  constructor(private readonly invoices: InvoiceViews) {}

  @Get('invoices/:id')
  @Policy(readInvoice())
  @ApiOkResponse({ type: InvoiceDoc })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
    return this.invoices.view(id, p);
  }
}
