import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { ApplicationAccess, applicationPolicy } from '../application-access';
import { applicationView } from '../application-view';

/** One application, with the child's identity (the access log records the read). */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/:id')
export class FindApplicationController {
  constructor(private readonly access: ApplicationAccess) {}

  @Get()
  @Policy(applicationPolicy('read'))
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return applicationView(await this.access.load(principal, id));
  }
}
