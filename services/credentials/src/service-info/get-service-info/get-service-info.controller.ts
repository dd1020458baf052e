import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { everyone, Policy } from '@qn/auth';
import { describeService, ServiceInfo } from './service-info';

/** What this service is: any signed-in user. A first slice to copy; replace it with real use cases. */
@ApiTags('service-info')
@ApiBearerAuth()
@Controller('service-info')
@Policy({ action: 'read', resource: 'service-info', users: everyone() })
export class GetServiceInfoController {
  @Get()
  @ApiOkResponse({ type: ServiceInfo })
  get(): ServiceInfo {
    return describeService();
  }
}
