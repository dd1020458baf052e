import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrgScopeService, Principal } from '@qn/auth';
import { OrgDirectory, OrgUnitRecord } from '@qn/org-directory';
import { ProblemException } from '@qn/service-kit';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The aggregator's copy of the organisation tree (rebuilt from registry events), which its
 * roll-ups follow. Scoped: a commune user sees its own subtree only.
 */
@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(
    private readonly directory: OrgDirectory,
    private readonly scope: OrgScopeService,
  ) {}

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<OrgUnitRecord> {
    const unit = await this.directory.get(id);
    if (!unit) throw new ProblemException(404, 'org-unit-not-found', 'No such organisation unit', `no organisation unit with id ${id} has reached the aggregator`);
    await this.scope.assertCanAccess(principal, id);
    return unit;
  }

  @Get(':id/children')
  async children(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Query('asOf') asOf?: string): Promise<OrgUnitRecord[]> {
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      throw new ProblemException(400, 'validation', 'The request is not valid', 'asOf must be a date YYYY-MM-DD', { errors: [{ field: 'asOf', message: 'must be a date YYYY-MM-DD' }] });
    }
    await this.scope.assertCanAccess(principal, id);
    return this.directory.children(id, asOf ?? today());
  }
}
