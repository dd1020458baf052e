import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { UnsupportedMediaType } from '@qn/contracts';
import { ClientScope, Policy, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { ImportExamScoresService, ImportResult } from './import-exam-scores.service';

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds/:roundId/exam-scores')
export class ImportExamScoresController {
  constructor(private readonly service: ImportExamScoresService) {}

  /**
   * The exam board's score file (text/csv). Only the exam board's own client may send it, on
   * this path as on the exam-score intake topic: scores decide placements.
   */
  @Post()
  @HttpCode(200)
  @Policy({
    action: 'publish',
    resource: 'exam-scores',
    clients: { [ClientScope.ExamScoresPublish]: Reach.All },
  })
  @Idempotent({ required: false })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'personal_id,TOAN,VAN,ANH\n022310001234,8.25,7.5,9\n' },
  })
  import(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() csv: unknown,
  ): Promise<ImportResult> {
    if (typeof csv !== 'string')
      throw new UnsupportedMediaType(
        'csv-expected',
        'Send the scores as text/csv',
        'Content-Type must be text/csv',
      );
    return this.service.import(roundId, csv);
  }
}
