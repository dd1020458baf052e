import { Conflict, RuleViolation } from '@qn/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { idempotentTransaction } from '@qn/service-kit';
import { commitSeed, generateSeed } from '../../shared/assignment';
import { PersonalDataGuard } from '../../shared/personal-data';
import { Round, RoundRepository } from '../round.repository';
import { roundProblems } from '../domain/round-rules';
import { CreateRoundDto } from './create-round.dto';

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
    const problems = roundProblems(dto);
    if (problems.length)
      throw RuleViolation.ofFields('round-rule', 'The round is not consistent', problems);
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
