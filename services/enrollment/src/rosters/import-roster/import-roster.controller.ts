import { Body, Controller, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InvalidInput, UnsupportedMediaType } from '@qn/contracts';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { XLSX_MEDIA_TYPE } from '@qn/service-kit';
import { IMPORT_ROSTER } from '../../shared/access/policies';
import { checkSchoolYear } from '../../shared/school-year';
import { ROSTER_SHEETS, RosterSheet, parseDay } from '../domain/roster-file';
import { ImportReport, ImportRosterService } from './import-roster.service';
import { readCsv, readWorkbook } from './roster-workbook';

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('schools/:schoolId/rosters/:schoolYear')
export class ImportRosterController {
  constructor(private readonly service: ImportRosterService) {}

  /**
   * A school's roster for a school year, as the sector database exports it: an XLSX workbook with
   * the sheets Lop, HocSinh, CanBo, PhanCong (any of them), or one of them as text/csv with
   * `?sheet=`. All or nothing; the same file again changes nothing. The department, or the
   * school itself (principal, staff).
   */
  @Post()
  @Policy(IMPORT_ROSTER)
  @ApiConsumes(XLSX_MEDIA_TYPE, 'text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      format: 'binary',
      example:
        'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi,lop\n022215000123,Nguyễn Văn An,05/03/2015,Nam,Kinh,5,5A\n',
    },
  })
  @ApiQuery({
    name: 'sheet',
    required: false,
    enum: ROSTER_SHEETS,
    description: 'for text/csv: which sheet the file is',
  })
  @ApiQuery({
    name: 'enrolledOn',
    required: false,
    description: 'YYYY-MM-DD: first day for learners new to the school (default 5 September)',
  })
  async import(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Query('sheet') sheet?: string,
    @Query('enrolledOn') enrolledOn?: string,
  ): Promise<ImportReport> {
    checkSchoolYear(schoolYear);
    if (enrolledOn !== undefined && !parseDay(enrolledOn))
      throw InvalidInput.of('query.enrolledOn', 'must be a real day, YYYY-MM-DD');
    let sheets;
    let bytes: Buffer;
    if (Buffer.isBuffer(body)) {
      bytes = body;
      sheets = await readWorkbook(body);
    } else if (typeof body === 'string') {
      if (!ROSTER_SHEETS.includes(sheet as RosterSheet))
        throw InvalidInput.of(
          'query.sheet',
          `must be one of ${ROSTER_SHEETS.join(', ')} for a CSV file`,
        );
      bytes = Buffer.from(body, 'utf8');
      sheets = readCsv(body, sheet as RosterSheet);
    } else
      throw new UnsupportedMediaType(
        'roster-file-expected',
        'Send the roster as an XLSX workbook or text/csv',
        `Content-Type must be ${XLSX_MEDIA_TYPE} or text/csv`,
      );
    return this.service.import({
      schoolId,
      schoolYear,
      sheets,
      fileBytes: bytes,
      importedBy: principal.subject,
      enrolledOn,
    });
  }
}
