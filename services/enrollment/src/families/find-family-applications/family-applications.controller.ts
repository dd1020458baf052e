import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { FAMILY_ONLY, familyOf } from '../family-access';
import { FamilyApplicationsDoc } from './family-applications.openapi';
import { FamilyApplicationsService } from './family-applications.service';

/**
 * The signed-in family's applications across all rounds: what each round's list shows it (its
 * children's, and its own contested claims as submitted applications), with round, wished
 * schools and offer, for the family page (/gia-dinh).
 */
@ApiTags('families')
@ApiBearerAuth()
@Controller('me/applications')
export class FamilyApplicationsController {
  constructor(private readonly service: FamilyApplicationsService) {}

  @Get()
  @Policy({ action: 'list', resource: 'application', ...FAMILY_ONLY })
  @ApiOkResponse({ type: FamilyApplicationsDoc })
  list(@Access() access: AccessContext) {
    return this.service.applicationsOf(familyOf(access));
  }
}
