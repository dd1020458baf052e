import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { ENTITLEMENT_CATEGORIES } from '../../obligations/domain/fees';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller()
export class ListCategoriesController {
  /** The categories (Decree 81/2021 Art. 15, 16, 18; Decree 105/2020), with rates and legal basis. */
  @Get('entitlement-categories')
  @Policy({
    action: 'read',
    resource: 'entitlement-category',
    users: everyone(),
    clients: { [ClientScope.MasterDataRead]: Reach.All, [ClientScope.PaymentsRead]: Reach.All },
  })
  categories() {
    return Object.values(ENTITLEMENT_CATEGORIES).map((c) => ({
      ...c,
      ...(c.percent !== undefined ? { percent: c.percent.toString() } : {}),
      ...(c.monthlyAmount !== undefined ? { monthlyAmount: c.monthlyAmount.toString() } : {}),
    }));
  }
}
