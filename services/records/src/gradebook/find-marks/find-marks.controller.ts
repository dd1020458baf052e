import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { READ_GRADEBOOK } from '../../shared/access/reaches';
import { secondaryRulesFor, termMarksView } from '../domain/term-marks';
import { GradebookRepository } from '../gradebook.repository';
import { SubjectCodePipe, TermPipe } from '../gradebook-params';

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId/subjects/:subjectCode/terms/:term/marks')
export class FindMarksController {
  constructor(private readonly gradebook: GradebookRepository) {}

  /**
   * A class's marks in a subject for a term, each learner with the term result the marks give
   * (ĐTBmhk or Đ/CĐ, once every required assessment is there). For the class's teachers, the
   * school, its commune and the department; every read is in the access log.
   */
  @Get()
  @Policy(READ_GRADEBOOK)
  async read(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('subjectCode', SubjectCodePipe) subjectCode: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
  ) {
    const klass = await this.gradebook.findClass(classId);
    if (!klass)
      throw new NotFound('class-unknown', 'No such class', 'records knows no class with this id');
    const state = await this.gradebook.findTerm(classId, subjectCode, term);
    const rules = klass.grade === null ? undefined : secondaryRulesFor(klass.grade);
    const marks = await this.gradebook.marks(classId, subjectCode, term);
    return {
      classId,
      subjectCode,
      term,
      schoolYear: klass.schoolYear,
      status: state?.status ?? 'open',
      learners: marks.map((m) => ({
        studentId: m.studentId,
        ...(rules?.ok
          ? termMarksView(rules.rules, klass.grade!, subjectCode, m)
          : { ...m, termResult: null }),
      })),
    };
  }
}
