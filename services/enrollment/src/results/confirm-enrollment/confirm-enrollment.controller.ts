import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { ConfirmEnrollmentDto } from './confirm-enrollment.dto';
import { ConfirmEnrollmentService } from './confirm-enrollment.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('offers/:id')
export class ConfirmEnrollmentController {
  constructor(private readonly service: ConfirmEnrollmentService) {}

  @Post('confirmation')
  @HttpCode(200)
  @Policy({
    action: 'confirm',
    resource: 'offer',
    users: SCHOOL_DECIDERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent({ required: false })
  confirm(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() p: Principal,
    @Body() dto: ConfirmEnrollmentDto,
  ) {
    return this.service.confirm(id, p, dto);
  }
}
