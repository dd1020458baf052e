import { NotFound } from '@qn/contracts';
import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { ApplicationAccess, applicationPolicy } from '../../applications/application-access';
import { offerViewsOf } from '../offer.repository';
import { OfferDoc } from './offer.openapi';

@ApiTags('results')
@ApiBearerAuth()
@Controller()
export class FindOffersController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: ApplicationAccess,
  ) {}

  /** The offer an application received, if any. */
  @Get('applications/:id/offer')
  @Policy(applicationPolicy('read', 'application-offer'))
  @ApiOkResponse({ type: OfferDoc })
  async offerOf(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.access.load(principal, id);
    const offer = (await offerViewsOf(this.ds.manager, [id])).get(id);
    if (!offer)
      throw new NotFound(
        'no-offer',
        'No offer',
        'this application has no offer (not published yet, or not placed)',
      );
    return offer;
  }

  /** A school's waiting list for a round, in the school's order. */
  @Get('rounds/:roundId/schools/:schoolId/waiting-list')
  @Policy({
    action: 'read',
    resource: 'waiting-list',
    users: { ...SCHOOL_DECIDERS, commune: 'managed-schools' },
    target: { orgUnitParam: 'schoolId' },
    personalData: true,
  })
  async waitingList(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ) {
    return this.ds.query(
      `SELECT position, application_id AS "applicationId" FROM waiting_list_entry WHERE round_id = $1 AND school_id = $2 ORDER BY position`,
      [roundId, schoolId],
    );
  }
}
