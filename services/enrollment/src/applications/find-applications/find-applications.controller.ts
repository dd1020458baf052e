import { Controller, ForbiddenException, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CurrentPrincipal, OrgScopeService, Principal, Role } from '@qn/auth';
import { ApplicationRepository } from '../application.repository';
import { applicationView } from '../change-application/change-application';

export class FindApplicationsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() schoolId?: string;
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset =
    0;
}

/** A school sees the applicants who wished for it; the department sees all; a family sees its own. */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('rounds/:roundId/applications')
export class FindApplicationsController {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly scope: OrgScopeService,
  ) {}

  @Get()
  async list(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Query() q: FindApplicationsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    let recordedBy: string | undefined;
    if (!principal.roles.includes(Role.Province)) {
      if (q.schoolId) await this.scope.assertCanAccess(principal, q.schoolId);
      else if (principal.roles.includes(Role.Family)) recordedBy = principal.subject;
      else
        throw new ForbiddenException('name the school (schoolId) whose applicants you want to see');
    }
    const { items, total } = await this.applications.list({
      roundId,
      schoolId: q.schoolId,
      recordedBy,
      limit: q.limit,
      offset: q.offset,
    });
    return { items: items.map(applicationView), total };
  }
}
