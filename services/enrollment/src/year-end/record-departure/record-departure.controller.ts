import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { DEPARTURE_REASONS, DepartureReason } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { Departure, RecordDepartureService } from './record-departure.service';

export class RecordDepartureDto {
  @ApiProperty({ enum: DEPARTURE_REASONS })
  @IsIn(DEPARTURE_REASONS)
  reason: DepartureReason;

  /** First day no longer at the school. */
  @ApiProperty({ example: '2026-01-05' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'leftOn must be a date YYYY-MM-DD' })
  leftOn: string;
}

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('schools/:schoolId/students/:studentId/departure')
export class RecordDepartureController {
  constructor(private readonly service: RecordDepartureService) {}

  /**
   * A learner leaves the school (thôi học: moved out of the province, dropped out): off the
   * roster from `leftOn`, payments stop billing from that day. A move to another school of the
   * platform is a transfer instead. The department, or the school itself.
   */
  @Post()
  @HttpCode(200)
  @Policy({
    action: 'record',
    resource: 'departure',
    users: SCHOOL_DECIDERS,
    target: { orgUnitParam: 'schoolId' },
    personalData: true,
  })
  @Idempotent({ required: false })
  depart(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('studentId', new ParseUUIDPipe()) studentId: string,
    @Body() dto: RecordDepartureDto,
  ): Promise<Departure> {
    return this.service.depart(schoolId, studentId, dto);
  }
}
