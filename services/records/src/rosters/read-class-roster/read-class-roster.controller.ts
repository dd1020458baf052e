import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { READ_CLASS_ROSTER } from '../../shared/access/reaches';
import { ClassRoster, ClassRosterQuery } from './class-roster.query';

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('classes/:classId/roster')
export class ReadClassRosterController {
  constructor(private readonly rosters: ClassRosterQuery) {}

  /**
   * A class's learners (student ids, with how their year stands) and its subject teachers (staff
   * ids), as records knows them from enrollment's rosters. For the department, the commune of a
   * school it manages, the school's principal and staff, and the class's own teachers; any other
   * caller gets the same 404 as for a class that does not exist.
   */
  @Get()
  @Policy(READ_CLASS_ROSTER)
  async read(@Param('classId', new ParseUUIDPipe()) classId: string): Promise<ClassRoster> {
    const roster = await this.rosters.find(classId);
    if (!roster)
      throw new NotFound('class-unknown', 'No such class', 'records knows no class with this id');
    return roster;
  }
}
