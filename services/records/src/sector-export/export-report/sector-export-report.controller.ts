import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvalidInput } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { READ_SECTOR_EXPORT } from '../../shared/access/reaches';
import { isSchoolYear, missingOf, parseTermParam, termCode } from '../domain/term-results';
import { SectorExportRepository } from '../sector-export.repository';

@ApiTags('sector-export')
@ApiBearerAuth()
@Controller('schools/:schoolId/terms/:schoolYear/:term/sector-export')
export class SectorExportReportController {
  constructor(private readonly repo: SectorExportRepository) {}

  /**
   * The school's export of a term's results to the sector database: the learners due (in its
   * classes that year, primary and secondary alike), how many were sent and answered, accepted, rejected (each with
   * the reason, by student id), pending (queued or in a batch not answered yet), and what is
   * missing: classes whose term is not signed (with their learner counts) and learners not sent.
   * `term` is 1, 2, HK1 or HK2.
   */
  @Get()
  @Policy(READ_SECTOR_EXPORT)
  async report(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
    @Param('term') rawTerm: string,
  ) {
    const term = parseTermParam(rawTerm);
    const problems = [
      ...(isSchoolYear(schoolYear) ? [] : [{ field: 'schoolYear', message: 'YYYY-YYYY expected' }]),
      ...(term ? [] : [{ field: 'term', message: '1, 2, HK1 or HK2 expected' }]),
    ];
    if (problems.length || !term) throw new InvalidInput(problems);
    const [classes, records, batches, queued] = await Promise.all([
      this.repo.classesOf(schoolId, schoolYear, term),
      this.repo.recordsOf(schoolId, schoolYear, term),
      this.repo.batchesOf(schoolId, schoolYear, term),
      this.repo.queuedClassIds(schoolId, schoolYear, term),
    ]);
    const key = (r: { classId: string; studentId: string }) => `${r.classId}/${r.studentId}`;
    const answered = records.filter((r) => r.status !== 'pending');
    const pending = new Set([
      ...records.filter((r) => r.status === 'pending').map(key),
      ...classes
        .filter((c) => queued.includes(c.classId))
        .flatMap((c) => c.learners.map((studentId) => key({ classId: c.classId, studentId }))),
    ]);
    const missing = missingOf(classes, new Set(answered.map(key)), pending);
    const rejected = answered.filter((r) => r.status === 'rejected');
    return {
      schoolId,
      schoolYear,
      term: termCode(schoolYear, term),
      due: classes.reduce((n, c) => n + c.learners.length, 0),
      sent: answered.length,
      accepted: answered.filter((r) => r.status === 'accepted').length,
      rejected: rejected.length,
      pending: pending.size,
      rejections: rejected.map((r) => ({
        studentId: r.studentId,
        classId: r.classId,
        reason: r.reason,
      })),
      missing: {
        classes: missing.classes.map((m) => ({
          ...m,
          name: classes.find((c) => c.classId === m.classId)?.name ?? null,
        })),
        learners: missing.learners,
      },
      batches: batches.batches,
      unansweredBatches: batches.unanswered,
      lastSentAt: batches.lastSentAt,
      lastAttemptAt: batches.lastAttemptAt,
      lastError: batches.lastError,
    };
  }
}
