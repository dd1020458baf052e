import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { IsString, Matches } from 'class-validator';
import { SECTOR_SYNCERS } from '../../shared/access/policies';
import { SectorSyncRun, SendChangesService } from './send-changes.service';

export class SendChangesDto {
  @ApiProperty({ example: '2026-2027-HK1', description: '<school year>-<term code>' })
  @IsString()
  @Matches(/^\d{4}-\d{4}-[A-Z0-9]{1,10}$/, { message: 'term must be like 2026-2027-HK1' })
  term: string;
}

@ApiTags('sector-sync')
@ApiBearerAuth()
@Controller('schools/:schoolId/sector-sync')
export class SendChangesController {
  constructor(private readonly service: SendChangesService) {}

  /**
   * Sends the school's learner changes (enrolled, placed, left) since what the sector database
   * last accepted, filed under the term; answers per record. 503 when it cannot be reached.
   */
  @Post('batches')
  @HttpCode(200)
  @Policy({
    action: 'send',
    resource: 'sector-changes',
    users: SECTOR_SYNCERS,
    target: { orgUnitParam: 'schoolId' },
  })
  send(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: SendChangesDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SectorSyncRun> {
    return this.service.send(schoolId, dto.term, principal.subject);
  }
}
