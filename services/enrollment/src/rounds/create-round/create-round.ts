import { Conflict, RuleViolation } from '@qn/contracts';
import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ClientScope, everyone, Policy, Reach } from '@qn/auth';
import { Idempotent, idempotentTransaction, IsDecimal } from '@qn/service-kit';
import { commitSeed, generateSeed } from '../../assignment';
import { PersonalDataGuard } from '../../personal-data';
import { Round, RoundRepository } from '../round.repository';
import { RoundNotFound } from '../round-errors';

export class PriorityCategoryDto {
  @ApiProperty({ example: 'CON-LIET-SI' })
  @Matches(/^[A-Z0-9_-]{1,30}$/, { message: 'code must be 1-30 capital letters, digits, - or _' })
  code: string;
  @ApiProperty({ example: 'Con liệt sĩ' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 2, description: 'priority points (điểm ưu tiên), up to two decimals' })
  @IsDecimal(2)
  @Min(0)
  @Max(10)
  points: number;
}

export class ExamSubjectDto {
  @ApiProperty({ example: 'TOAN' }) @Matches(/^[A-Z0-9_-]{1,20}$/) code: string;
  @ApiProperty({ example: 'Toán' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(5) weight: number;
}

export class ExamSettingsDto {
  @ApiProperty({ type: [ExamSubjectDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ExamSubjectDto)
  subjects: ExamSubjectDto[];
  @ApiProperty({ example: ['VAN', 'TOAN'] })
  @IsArray()
  @IsString({ each: true })
  tieBreakSubjects: string[];
}

export class CreateRoundDto {
  @ApiProperty({ example: '2026-2027' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must look like 2026-2027' })
  schoolYear: string;
  @ApiProperty({ enum: [1, 6, 10] }) @IsIn([1, 6, 10]) grade: 1 | 6 | 10;
  @ApiProperty({ example: 'Tuyển sinh lớp 1 năm học 2026-2027' })
  @IsString()
  @Length(1, 200)
  name: string;
  @ApiProperty({ example: '2026-06-01T01:00:00Z' }) @IsISO8601({ strict: true }) opensAt: string;
  @ApiProperty({ example: '2026-06-15T10:00:00Z' }) @IsISO8601({ strict: true }) closesAt: string;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(5) maxWishes: number;
  @ApiProperty({ type: [PriorityCategoryDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PriorityCategoryDto)
  priorityCategories: PriorityCategoryDto[];
  @ApiPropertyOptional({ type: ExamSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExamSettingsDto)
  exam?: ExamSettingsDto;
  @ApiPropertyOptional({ example: ['Giấy khai sinh', 'Xác nhận cư trú'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  requiredDocuments?: string[];
}

/** A round as everyone may see it: the seed commitment now, the seed itself after publication. */
export type RoundView = Round;

@Injectable()
export class CreateRoundService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rounds: RoundRepository,
    private readonly personalData: PersonalDataGuard,
  ) {}

  async create(dto: CreateRoundDto): Promise<RoundView> {
    const errors: Array<{ field: string; message: string }> = [];
    if (new Date(dto.closesAt) <= new Date(dto.opensAt))
      errors.push({ field: 'closesAt', message: 'must be after opensAt' });
    const [from, to] = dto.schoolYear.split('-').map(Number);
    if (to !== from + 1)
      errors.push({ field: 'schoolYear', message: 'must name two consecutive years' });
    if (dto.grade === 10 && !dto.exam)
      errors.push({
        field: 'exam',
        message: 'grade 10 admission needs the exam subjects and weights',
      });
    if (dto.grade !== 10 && dto.exam)
      errors.push({ field: 'exam', message: 'only grade 10 admission is by exam' });
    const codes = dto.priorityCategories.map((c) => c.code);
    if (new Set(codes).size !== codes.length)
      errors.push({ field: 'priorityCategories', message: 'codes must be unique' });
    if (dto.exam) {
      const subjects = dto.exam.subjects.map((s) => s.code);
      const unknown = dto.exam.tieBreakSubjects.filter((s) => !subjects.includes(s));
      if (unknown.length)
        errors.push({
          field: 'exam.tieBreakSubjects',
          message: `not exam subjects: ${unknown.join(', ')}`,
        });
    }
    if (errors.length)
      throw RuleViolation.ofFields('round-rule', 'The round is not consistent', errors);
    // The lottery seed is drawn now and sealed; only its SHA-256 commitment is shown until the
    // results are published, so nobody can choose a seed after seeing the applications.
    const seed = generateSeed();
    const round = {
      id: uuidv7(),
      schoolYear: dto.schoolYear,
      grade: dto.grade,
      name: dto.name.normalize('NFC').trim(),
      opensAt: new Date(dto.opensAt),
      closesAt: new Date(dto.closesAt),
      maxWishes: dto.maxWishes,
      priorityCategories: dto.priorityCategories.map((c) => ({
        ...c,
        name: c.name.normalize('NFC'),
      })),
      exam: dto.exam ?? null,
      requiredDocuments: (dto.requiredDocuments ?? []).map((d) => d.normalize('NFC')),
      seedCommitment: commitSeed(seed),
    };
    return idempotentTransaction(this.ds, async (tx) => {
      const clash: unknown[] = await tx.query(
        `SELECT 1 FROM admission_round WHERE school_year = $1 AND grade = $2 AND name = $3`,
        [round.schoolYear, round.grade, round.name],
      );
      if (clash.length)
        throw new Conflict(
          'duplicate-round',
          'This round exists',
          'a round with this school year, grade and name exists',
          { errors: [{ field: 'name', message: 'already in use' }] },
        );
      await this.rounds.insert(tx, {
        ...round,
        seedSealed: this.personalData.seal(seed, `round-seed:${round.id}`),
      });
      return { ...round, seedRevealed: null, status: 'open' as const };
    });
  }
}

/** Rounds, their schools and dates are public notice (thông báo tuyển sinh). */
const READ_ROUNDS = {
  action: 'read',
  resource: 'round',
  users: everyone(),
  clients: { [ClientScope.MasterDataRead]: Reach.All, [ClientScope.ApplicationsSubmit]: Reach.All },
};

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds')
export class RoundsController {
  constructor(
    private readonly service: CreateRoundService,
    private readonly rounds: RoundRepository,
  ) {}

  /** The department (Sở GDĐT) or a commune sets up admission rounds. */
  @Post()
  @Policy({ action: 'create', resource: 'round', users: { province: Reach.All } })
  @Idempotent({ required: false })
  create(@Body() dto: CreateRoundDto): Promise<RoundView> {
    return this.service.create(dto);
  }

  @Get()
  @Policy(READ_ROUNDS)
  list(): Promise<RoundView[]> {
    return this.rounds.list();
  }

  @Get(':id')
  @Policy(READ_ROUNDS)
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const round = await this.rounds.get(id);
    if (!round) throw new RoundNotFound(id);
    return { ...round, schools: await this.rounds.schools(id) };
  }
}
