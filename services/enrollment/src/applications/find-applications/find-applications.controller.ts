import { PageQuery } from '@qn/service-kit';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Access, AccessContext, forbiddenProblem, Policy } from '@qn/auth';
import { ADMISSION_READERS } from '../../shared/access/policies';
import { ApplicationRepository } from '../application.repository';
import { applicationView } from '../application-view';

export class FindApplicationsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() schoolId?: string;
}

/**
 * A school sees the applicants who wished for it (name the school); a commune those of a school
 * it manages; the department all; a family its own children's.
 */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('rounds/:roundId/applications')
export class FindApplicationsController {
  constructor(private readonly applications: ApplicationRepository) {}

  @Get()
  @Policy({
    action: 'list',
    resource: 'application',
    users: ADMISSION_READERS,
    target: { orgUnitQuery: 'schoolId' },
    personalData: true,
  })
  async list(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Query() q: FindApplicationsQuery,
    @Access() access: AccessContext,
  ) {
    const guardianOf = access.scope.guardianOf;
    // A unit scope lists one school at a time (the guard checked the one named).
    if (!access.unrestricted && guardianOf === undefined && !q.schoolId)
      throw forbiddenProblem('name the school (schoolId) whose applicants you want to see');
    const { items, total } = await this.applications.list({
      roundId,
      schoolId: q.schoolId,
      guardianOf,
      limit: q.limit,
      offset: q.offset,
    });
    return {
      items: items.map((a) => applicationView(a, guardianOf !== undefined ? 'family' : 'school')),
      total,
    };
  }
}
