import {
  Body,
  Controller,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { UnsupportedMediaType } from '@qn/contracts';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { ProblemException, XLSX_MEDIA_TYPE } from '@qn/service-kit';
import { RECORD_MARKS } from '../../shared/access/reaches';
import { SubjectCodePipe, TermPipe } from '../gradebook-params';
import { ImportMarksService, ImportReport } from './import-marks.service';
import { readMarksCsv, readMarksXlsx } from './marks-file';

/** A class's marks file is a few kilobytes; anything near this is not one. */
export const MAX_MARKS_FILE_BYTES = 1024 * 1024;

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId/subjects/:subjectCode/terms/:term/marks/imports')
export class ImportMarksController {
  constructor(private readonly service: ImportMarksService) {}

  /**
   * The subject's teacher imports the class's marks for the term from the file a school-management
   * system exports (vnEdu, SMAS): CSV or XLSX, a row per learner with `ma_hoc_sinh` and
   * `TX1`..`TX4` / `GK` / `CK` (or ĐĐGtx1, Giữa kì, Cuối kì). Each row is checked as the form
   * checks a learner; all or nothing: 422 names every failing `rows[N].<column>`; 409 once the
   * marks are confirmed. The answer counts rows and carries no mark.
   */
  @Post()
  @HttpCode(200)
  @Policy(RECORD_MARKS)
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiBody({
    schema: {
      type: 'string',
      format: 'binary',
      example:
        'ma_hoc_sinh,ho_ten,TX1,TX2,TX3,TX4,GK,CK\n0193a000-0000-7000-8000-000000000001,Nguyễn Văn An,7,8,9,6,8,"7,5"\n',
    },
  })
  async import(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('subjectCode', SubjectCodePipe) subjectCode: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReport> {
    const isFile = Buffer.isBuffer(body);
    if (!isFile && typeof body !== 'string')
      throw new UnsupportedMediaType(
        'marks-file-expected',
        'Send the marks as text/csv or an XLSX workbook',
        `Content-Type must be text/csv or ${XLSX_MEDIA_TYPE}`,
      );
    const size = isFile ? body.length : Buffer.byteLength(body);
    if (size > MAX_MARKS_FILE_BYTES)
      throw new ProblemException(
        413,
        'payload-too-large',
        'The body is too large',
        `A marks file may be at most ${MAX_MARKS_FILE_BYTES} bytes.`,
        { limit: MAX_MARKS_FILE_BYTES },
      );
    const file = isFile ? await readMarksXlsx(body) : readMarksCsv(body);
    return this.service.import({ classId, subjectCode, term }, file, principal);
  }
}
