import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { READ_GRADEBOOK } from '../../shared/access/reaches';
import { ConductRepository } from '../conduct.repository';
import { conductClass } from '../conduct-class';
import { GradebookRepository } from '../gradebook.repository';
import { TermPipe } from '../gradebook-params';

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId/terms/:term/conduct')
export class FindConductController {
  constructor(
    private readonly gradebook: GradebookRepository,
    private readonly conduct: ConductRepository,
  ) {}

  /**
   * Secondary (Circular 22): each learner of the class with their conduct level, absent sessions
   * and the homeroom teacher's remarks for the term (null until entered). For the class's
   * readers; access-logged. 422 for a primary class.
   */
  @Get()
  @Policy(READ_GRADEBOOK)
  async read(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
  ) {
    const klass = await conductClass(this.gradebook, classId);
    const learners = await this.conduct.learnerTerms(classId, klass.schoolYear, term);
    return {
      classId,
      term,
      schoolYear: klass.schoolYear,
      status: (await this.conduct.isConfirmed(classId, term)) ? 'confirmed' : 'open',
      learners,
    };
  }
}
