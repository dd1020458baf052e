import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { readInvoice } from '../../shared/access-policies';
import { InvoiceViews } from '../invoice-views.service';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class ReadInvoiceController {
  constructor(private readonly invoices: InvoiceViews) {}

  @Get('invoices/:id')
  @Policy(readInvoice())
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
    return this.invoices.view(id, p);
  }
}
