import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { applicationPolicy, audienceOf } from '../application-access';
import { AmendApplicationDto } from './change-application.dto';
import { ChangeApplicationService } from './change-application.service';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/:id')
export class ChangeApplicationController {
  constructor(private readonly service: ChangeApplicationService) {}

  @Patch()
  @Policy(applicationPolicy('update'))
  @Idempotent({ required: false })
  async amend(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AmendApplicationDto,
    @Access() access: AccessContext,
  ) {
    return this.service.amend(id, dto, access.principal, audienceOf(access));
  }

  @Post('withdrawal')
  @HttpCode(200)
  @Policy(applicationPolicy('withdraw'))
  @Idempotent({ required: false })
  async withdraw(@Param('id', new ParseUUIDPipe()) id: string, @Access() access: AccessContext) {
    return this.service.withdraw(id, access.principal, audienceOf(access));
  }
}
