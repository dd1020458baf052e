import { Controller, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InvalidInput, NotFound, UnsupportedMediaType, Unavailable } from '@qn/contracts';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { XLSX_MEDIA_TYPE } from '@qn/service-kit';
import { IMPORT_ROSTER } from '../../shared/access/policies';
import {
  SECTOR_DATABASE,
  SectorDatabase,
  SectorDatabaseUnavailable,
} from '../../shared/ports/sector-database';
import { checkSchoolYear } from '../../shared/school-year';
import { parseDay, sheetOf } from '../domain/roster-file';
import { ImportReport, ImportRosterService } from '../import-roster/import-roster.service';
import { readCsv, readWorkbook } from '../import-roster/roster-workbook';

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('schools/:schoolId/rosters/:schoolYear/sector-import')
export class ImportFromSectorController {
  constructor(
    private readonly service: ImportRosterService,
    @Inject(SECTOR_DATABASE) private readonly sector: SectorDatabase,
  ) {}

  /**
   * Fetches the school's roster export from the sector database (CSDL ngành) and imports it
   * exactly like an uploaded file: all or nothing, the same export again changes nothing.
   */
  @Post()
  @Policy(IMPORT_ROSTER)
  @ApiQuery({ name: 'enrolledOn', required: false })
  async import(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
    @CurrentPrincipal() principal: Principal,
    @Query('enrolledOn') enrolledOn?: string,
  ): Promise<ImportReport> {
    checkSchoolYear(schoolYear);
    if (enrolledOn !== undefined && !parseDay(enrolledOn))
      throw InvalidInput.of('query.enrolledOn', 'must be a real day, YYYY-MM-DD');
    let file;
    try {
      file = await this.sector.fetchRosterExport(schoolId, schoolYear);
    } catch (error) {
      if (error instanceof SectorDatabaseUnavailable)
        throw new Unavailable(
          'sector-database-unavailable',
          'The sector database cannot be reached',
          'nothing was imported; try again later',
          { retryAfterSeconds: 60 },
        );
      throw error;
    }
    if (!file)
      throw new NotFound(
        'no-sector-roster',
        'The sector database has no roster of this school for the year',
      );
    const type = file.contentType.split(';')[0].trim().toLowerCase();
    let sheets;
    if (type === XLSX_MEDIA_TYPE) sheets = await readWorkbook(file.bytes);
    else if (type === 'text/csv')
      // A CSV export is one sheet, named by its file (HocSinh.csv); learners when it says nothing.
      sheets = readCsv(
        file.bytes.toString('utf8'),
        sheetOf(file.fileName.replace(/\.[^.]*$/, '')) ?? 'learners',
      );
    else
      throw new UnsupportedMediaType(
        'sector-roster-format',
        'The sector database answered a file the import does not read',
        `expected ${XLSX_MEDIA_TYPE} or text/csv`,
      );
    return this.service.import({
      schoolId,
      schoolYear,
      sheets,
      fileBytes: file.bytes,
      importedBy: principal.subject,
      enrolledOn,
    });
  }
}
