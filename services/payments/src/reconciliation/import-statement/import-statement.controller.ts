import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { UnsupportedMediaType } from '@qn/contracts';
import { Access, AccessContext, ClientScope, Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { ImportStatementService } from './import-statement.service';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation')
export class ImportStatementController {
  constructor(private readonly service: ImportStatementService) {}

  /** Imports the collection account's statement (text/csv, layout in the README) and matches it. */
  @Post('statements')
  @Policy({
    action: 'import',
    resource: 'bank-statement',
    users: MONEY_KEEPERS,
    clients: { [ClientScope.StatementsImport]: Reach.Unit },
  })
  @Idempotent()
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string' } })
  import(@Body() csv: string, @Access() access: AccessContext) {
    if (typeof csv !== 'string')
      throw new UnsupportedMediaType(
        'unsupported-media-type',
        'Send text/csv',
        'the statement must be sent with content-type text/csv',
      );
    return this.service.import(csv, access);
  }
}
