import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { InvalidInput, NotFound } from '@qn/contracts';
import { READ_GRADUATION_LIST, READ_GRADUATION_LISTS } from '../../shared/access/policies';
import { IssuanceRepository } from '../issuance.repository';

@ApiTags('issuance')
@ApiBearerAuth()
@Controller()
export class ReadGraduationListsController {
  constructor(private readonly repo: IssuanceRepository) {}

  /** A school's graduation lists: state, decision, how many members and how many issued. */
  @Get('schools/:schoolId/graduation-lists')
  @Policy(READ_GRADUATION_LISTS)
  @ApiQuery({ name: 'schoolYear', required: false, example: '2025-2026' })
  async lists(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Query('schoolYear') schoolYear?: string,
  ) {
    if (schoolYear !== undefined && !/^\d{4}-\d{4}$/.test(schoolYear))
      throw new InvalidInput([{ field: 'schoolYear', message: 'must look like 2025-2026' }]);
    return { items: await this.repo.listsOfSchool(schoolId, schoolYear) };
  }

  /** One list with its members: student ids, their record version, and the diploma issued (ids only). */
  @Get('graduation-lists/:listId')
  @Policy(READ_GRADUATION_LIST)
  async list(@Param('listId', new ParseUUIDPipe()) listId: string) {
    const list = await this.repo.findList(listId);
    if (!list) throw new NotFound('graduation-list-not-found', 'No graduation list has this id');
    return { ...list, members: await this.repo.members(listId) };
  }
}
