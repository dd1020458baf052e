import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { UnsupportedMediaType } from '@qn/contracts';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { ProblemException } from '@qn/service-kit';
import { IMPORT_ENTRIES } from '../registers-access';
import { MAX_ENTRIES_FILE_BYTES, readEntriesCsv } from './entries-file';
import { ImportEntriesService, ImportReport } from './import-entries.service';

/** Today in Vietnam (no date in the book can be later). */
const todayInVietnam = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

@ApiTags('registers')
@ApiBearerAuth()
@Controller('registers/:registerId/entries/import')
export class ImportEntriesController {
  constructor(private readonly service: ImportEntriesService) {}

  /**
   * A historic register's entries typed from its scanned pages, as text/csv (see the README's
   * format). All or nothing: 422 names every failing `rows[N].<column>` (N = the file's row) and
   * never a value; 409 for a file already imported; 413 over 4 MiB; 415 for another media type.
   * Answers counts only.
   */
  @Post()
  @HttpCode(201)
  @Policy(IMPORT_ENTRIES)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'so_vao_so,so_hieu,ho_ten,ngay_sinh,noi_sinh,gioi_tinh,dan_toc,truong,xep_loai,so_quyet_dinh,ngay_cap,trang_scan\n' +
        '1,A 0012345,Nguyễn Văn An,09/04/1983,Hạ Long,Nam,Kinh,,Khá,125/QĐ-PGD,15/07/1998,HL-1998/p001\n',
    },
  })
  async import(
    @Param('registerId', new ParseUUIDPipe()) registerId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReport> {
    if (typeof body !== 'string')
      throw new UnsupportedMediaType(
        'register-file-expected',
        'Send the register entries as text/csv',
        'Content-Type must be text/csv',
      );
    if (Buffer.byteLength(body) > MAX_ENTRIES_FILE_BYTES)
      throw new ProblemException(
        413,
        'payload-too-large',
        'The body is too large',
        `A register file may be at most ${MAX_ENTRIES_FILE_BYTES} bytes.`,
        { limit: MAX_ENTRIES_FILE_BYTES },
      );
    return this.service.import(registerId, body, readEntriesCsv(body), principal, todayInVietnam());
  }
}
