import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { READ_GRADEBOOK } from '../../shared/access/reaches';
import { TERM_SLOTS } from '../domain/primary-assessments';
import { GradebookRepository } from '../gradebook.repository';
import { SubjectCodePipe, TermPipe } from '../gradebook-params';
import { PrimaryAssessmentsRepository } from '../primary-assessments.repository';
import { primaryClass } from '../primary-class';

/** Rows of (learner, checkpoint) as one entry per learner with `mid` and `end` (null if none). */
function byLearner<R extends { studentId: string; checkpoint: string }, V>(
  rows: R[],
  view: (r: R) => V,
): Array<{ studentId: string } & Record<'mid' | 'end', V | null>> {
  const out = new Map<string, { studentId: string } & Record<'mid' | 'end', V | null>>();
  for (const r of rows) {
    const e = out.get(r.studentId) ?? { studentId: r.studentId, mid: null, end: null };
    if ((TERM_SLOTS as readonly string[]).includes(r.checkpoint))
      e[r.checkpoint as 'mid' | 'end'] = view(r);
    out.set(r.studentId, e);
  }
  return [...out.values()];
}

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId')
export class FindPrimaryAssessmentsController {
  constructor(
    private readonly gradebook: GradebookRepository,
    private readonly primary: PrimaryAssessmentsRepository,
  ) {}

  /**
   * Primary (Circular 27): a class's assessments in a subject for a term, each learner's mid and
   * end checkpoint (level T/H/C, test mark, comment). For the class's readers; access-logged.
   */
  @Get('subjects/:subjectCode/terms/:term/primary-assessments')
  @Policy(READ_GRADEBOOK)
  async readSubject(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('subjectCode', SubjectCodePipe) subjectCode: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
  ) {
    const klass = await primaryClass(this.gradebook, classId);
    const state = await this.gradebook.findTerm(classId, subjectCode, term);
    const rows = await this.primary.subjectAssessments(classId, subjectCode, term);
    return {
      classId,
      subjectCode,
      term,
      schoolYear: klass.schoolYear,
      status: state?.status ?? 'open',
      learners: byLearner(rows, (r) => ({
        level: r.level,
        testScore: r.testScore,
        comment: r.comment,
      })),
    };
  }

  /**
   * Primary (Circular 27): each learner's quality and competency levels (T/Đ/C) at the term's mid
   * and end checkpoints. For the class's readers; access-logged.
   */
  @Get('terms/:term/qualities')
  @Policy(READ_GRADEBOOK)
  async readQualities(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
  ) {
    const klass = await primaryClass(this.gradebook, classId);
    const state = await this.primary.findQualityTerm(classId, term);
    const rows = await this.primary.qualityLevels(classId, term);
    return {
      classId,
      term,
      schoolYear: klass.schoolYear,
      status: state?.status ?? 'open',
      learners: byLearner(rows, (r) => r.levels),
    };
  }
}
