import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { StudentServicesDto } from './choose-services.dto';
import { ChooseServicesService } from './choose-services.service';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class ChooseServicesController {
  constructor(private readonly service: ChooseServicesService) {}

  /** The voluntary services a family signed up for (ăn bán trú, nước uống, …); re-bills from the term given. */
  @Put('students/:studentId/services')
  @Policy({
    action: 'update',
    resource: 'student-services',
    users: MONEY_KEEPERS,
    target: { idParam: 'studentId' },
    personalData: true,
  })
  @Idempotent()
  services(
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Body() dto: StudentServicesDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.setServices(studentId, dto, p);
  }
}
