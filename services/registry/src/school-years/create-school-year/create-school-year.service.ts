import { Body, Controller, Get, Injectable, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, EventTypes, newEvent, RuleViolation, SchoolYearChangedV1 } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { Idempotent, idempotentTransaction } from '@qn/service-kit';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TermDto {
  @ApiProperty({ example: 'HK1' }) @IsString() @Length(1, 20) code: string;
  @ApiProperty({ example: 'Học kỳ I' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: '2025-09-05' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;
  @ApiProperty({ example: '2026-01-17' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn: string;
}

export class CreateSchoolYearDto {
  @ApiProperty({ example: '2025-2026' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'code must look like 2025-2026' })
  code: string;
  @ApiProperty({ example: '2025-09-05' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;
  @ApiProperty({ example: '2026-05-31' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn: string;
  @ApiProperty({ type: [TermDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => TermDto)
  terms: TermDto[];
}

/** Pure rule: terms lie inside the year, in order, without overlap; the code matches the years. */
export function checkSchoolYear(y: CreateSchoolYearDto): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  const [a, b] = y.code.split('-').map(Number);
  if (b !== a + 1) errors.push({ field: 'code', message: 'must name two consecutive years' });
  if (y.endsOn <= y.startsOn) errors.push({ field: 'endsOn', message: 'must be after startsOn' });
  if (!y.startsOn.startsWith(String(a)))
    errors.push({ field: 'startsOn', message: `must be in ${a}` });
  let previousEnd = '';
  y.terms.forEach((t, i) => {
    if (t.endsOn <= t.startsOn)
      errors.push({ field: `terms.${i}.endsOn`, message: 'must be after startsOn' });
    if (t.startsOn < y.startsOn || t.endsOn > y.endsOn)
      errors.push({ field: `terms.${i}`, message: 'must lie inside the school year' });
    if (previousEnd && t.startsOn <= previousEnd)
      errors.push({
        field: `terms.${i}.startsOn`,
        message: 'must start after the previous term ends',
      });
    previousEnd = t.endsOn;
  });
  return errors;
}

@Injectable()
export class SchoolYearsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
  ) {}

  async create(dto: CreateSchoolYearDto): Promise<SchoolYearChangedV1> {
    const errors = checkSchoolYear(dto);
    if (errors.length)
      throw RuleViolation.ofFields('school-year-rule', 'The school year is not consistent', errors);
    return idempotentTransaction(this.ds, async (tx) => {
      const year: SchoolYearChangedV1 = {
        id: uuidv7(),
        code: dto.code,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        terms: dto.terms.map((t) => ({ ...t, name: t.name.normalize('NFC') })),
        revision: 1,
      };
      const inserted: unknown[] = await tx.query(
        `INSERT INTO school_year (id, code, starts_on, ends_on, terms, revision) VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (code) DO NOTHING RETURNING id`,
        [year.id, year.code, year.startsOn, year.endsOn, JSON.stringify(year.terms)],
      );
      if (inserted.length === 0)
        throw new Conflict(
          'duplicate-school-year',
          'This school year exists',
          `school year ${dto.code} is already defined`,
          { errors: [{ field: 'code', message: 'already in use' }] },
        );
      await this.messaging.outbox.enqueue(
        tx,
        newEvent({
          ...EventTypes.schoolYearChanged,
          source: 'registry',
          subjectId: year.id,
          data: year,
        }),
      );
      return year;
    });
  }

  async list(): Promise<SchoolYearChangedV1[]> {
    const rows: Array<{
      id: string;
      code: string;
      starts_on: string;
      ends_on: string;
      terms: SchoolYearChangedV1['terms'];
      revision: number;
    }> = await this.ds.query(
      `SELECT id, code, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, terms, revision FROM school_year ORDER BY code`,
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      terms: r.terms,
      revision: r.revision,
    }));
  }
}

@ApiTags('school-years')
@ApiBearerAuth()
@Controller('school-years')
export class SchoolYearsController {
  constructor(private readonly service: SchoolYearsService) {}

  @Post()
  @Idempotent({ required: false })
  @Policy({ action: 'create', resource: 'school-year', users: { province: Reach.All } })
  create(@Body() dto: CreateSchoolYearDto) {
    return this.service.create(dto);
  }

  @Get()
  @Policy({
    action: 'list',
    resource: 'school-year',
    users: everyone(),
    clients: { [ClientScope.MasterDataRead]: Reach.All },
  })
  list() {
    return this.service.list();
  }
}
