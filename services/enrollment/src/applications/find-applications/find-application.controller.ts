import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { ApplicationAccess, applicationPolicy, audienceOf } from '../application-access';
import { applicationView } from '../application-view';

/** One application, with the child's identity (the access log records the read). */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/:id')
export class FindApplicationController {
  constructor(private readonly access: ApplicationAccess) {}

  @Get()
  @Policy(applicationPolicy('read'))
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Access() access: AccessContext) {
    return applicationView(await this.access.load(access.principal, id), audienceOf(access));
  }
}
