import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { FeeCatalogueRepository } from '../fee-catalogue.repository';

@ApiTags('fee catalogue')
@ApiBearerAuth()
@Controller('fee-catalogues')
export class ReadCatalogueController {
  constructor(private readonly catalogues: FeeCatalogueRepository) {}

  /** The catalogue in effect for the year (a school's: the province part with the school's own items). */
  @Get(':schoolYear')
  // Fees are public information (schools post them); anyone signed in reads them.
  @Policy({
    action: 'read',
    resource: 'fee-catalogue',
    users: everyone(),
    clients: { [ClientScope.MasterDataRead]: Reach.All, [ClientScope.PaymentsRead]: Reach.All },
  })
  get(@Param('schoolYear') schoolYear: string, @Query('schoolId') schoolId?: string) {
    return this.catalogues.effective(schoolYear, schoolId ? [schoolId] : []);
  }
}
