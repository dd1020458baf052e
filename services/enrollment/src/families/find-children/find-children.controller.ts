import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { FAMILY_ONLY, familyOf } from '../family-access';
import { ChildrenDoc } from './children.openapi';
import { FindChildrenService } from './find-children.service';

/** The signed-in family's children in the learner register (the family page, /gia-dinh). */
@ApiTags('families')
@ApiBearerAuth()
@Controller('me/children')
export class FindChildrenController {
  constructor(private readonly service: FindChildrenService) {}

  @Get()
  @Policy({ action: 'list', resource: 'student', ...FAMILY_ONLY })
  @ApiOkResponse({ type: ChildrenDoc })
  list(@Access() access: AccessContext) {
    return this.service.childrenOf(familyOf(access));
  }
}
