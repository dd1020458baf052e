import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ApplicationChannel } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { maskPersonalId } from '@qn/privacy';
import { recordIdempotentResponse } from '@qn/service-kit';
import { PersonalDataGuard } from '../../shared/personal-data';
import { RoundRepository } from '../../rounds/round.repository';
import { ApplicationRepository, NewApplication } from '../application.repository';
import { ApplicationRefused, timingRefusal } from '../application-refused';
import { applicationRecorded } from '../application-events';
import {
  checkApplication,
  checkResidenceLocality,
  checkTiming,
  normaliseFullName,
} from '../domain/application-rules';
import { duplicateOutcome } from '../domain/contest-rules';
import type { AgeException } from '../domain/admission-age';
import { SchoolFactsReader } from '../school-facts';

export interface SubmitApplicationCommand {
  roundId: string;
  applicant: {
    personalId: string;
    fullName: string;
    dateOfBirth: string;
    residenceOrgUnitId: string;
    /** Village / residential group / street in the commune; needed where the round splits it. */
    residenceLocality?: string | null;
    /** Grades 6/10: the charter's exception to the entry age (portals cannot send one in v1). */
    ageException?: AgeException | null;
  };
  wishes: string[];
  priorityCategories: string[];
  examScores?: Record<string, number>;
  bonusPoints?: number;
  channel: ApplicationChannel;
  /** Who sent it: `family-web`, `school-desk`, or the portal's event source. */
  source: string;
  /** A portal's own submission id: redelivery of the same submission is not a duplicate. */
  externalId?: string;
  recordedBy: string;
  /** The signed-in family that applied: recorded as the child's guardian. */
  guardianSubject?: string;
  now: Date;
  cause?: { id: string; correlationId: string };
}

/**
 * The one way an application enters the system: the family's form, the school desk and the
 * outside portals all come here, so the same rules hold for every channel.
 */
@Injectable()
export class SubmitApplicationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rounds: RoundRepository,
    private readonly applications: ApplicationRepository,
    private readonly facts: SchoolFactsReader,
    private readonly personalData: PersonalDataGuard,
    private readonly messaging: MessagingService,
  ) {}

  /** Records an application (in `tx` when the caller has one, e.g. the Kafka consumer). */
  submit(
    cmd: SubmitApplicationCommand,
    tx?: EntityManager,
  ): Promise<{ applicationId: string; created: boolean }> {
    return tx ? this.run(cmd, tx) : this.ds.transaction((t) => this.run(cmd, t));
  }

  private async run(
    cmd: SubmitApplicationCommand,
    tx: EntityManager,
  ): Promise<{ applicationId: string; created: boolean }> {
    const round = await this.rounds.getForApplication(cmd.roundId, cmd.wishes, tx);
    if (!round)
      throw new ApplicationRefused(
        404,
        'round-not-found',
        'No such admission round',
        `no admission round with id ${cmd.roundId}`,
        [{ field: 'roundId', message: 'unknown' }],
      );
    if (cmd.externalId) {
      const same = await this.applications.findPortalSubmission(tx, cmd.source, cmd.externalId);
      if (same) return { applicationId: same.id, created: false };
    }
    const timing = checkTiming(round, cmd.now);
    if (timing) throw timingRefusal(timing);
    const facts = await this.facts.read(cmd.wishes, cmd.applicant.residenceOrgUnitId, cmd.now, tx);
    const problems = checkApplication(
      { ...cmd.applicant, wishes: cmd.wishes, priorityCategories: cmd.priorityCategories },
      {
        ...round,
        priorityCategories: round.priorityCategories.map((c) => c.code),
        schoolIds: round.offeredSchoolIds,
      },
      facts.schools,
      facts.residenceKnown,
    );
    // Scores rank applicants, so they come only from the exam board (exam-scores intake or its
    // API); what an applicant declares is never ranked, and refusing it says so.
    if (cmd.examScores !== undefined)
      problems.push({
        field: 'examScores',
        message: 'exam scores come only from the exam board, not with the application',
      });
    if (cmd.bonusPoints !== undefined && cmd.bonusPoints !== 0)
      problems.push({
        field: 'bonusPoints',
        message: 'bonus points come only from the exam board, not with the application',
      });
    // Where the round's catchments split the commune, the locality decides the tuyến.
    const residence = checkResidenceLocality(
      await this.rounds.localitiesOf(round.id, cmd.applicant.residenceOrgUnitId, tx),
      cmd.applicant.residenceLocality,
    );
    if ('problem' in residence) problems.push(residence.problem);
    if (problems.length || 'problem' in residence) throw ApplicationRefused.invalid(problems);

    // One active application per applicant and round: the unique index on the keyed hash
    // decides, also between racing requests.
    const applicantHash = this.personalData.lookupHash(cmd.applicant.personalId);
    const id = uuidv7();
    const row = {
      id,
      roundId: round.id,
      applicantHash,
      applicantPidSealed: this.personalData.seal(cmd.applicant.personalId, `application:${id}`),
      applicantPidLast4: cmd.applicant.personalId.slice(-4),
      applicantName: normaliseFullName(cmd.applicant.fullName),
      dateOfBirth: cmd.applicant.dateOfBirth,
      residenceOrgUnitId: cmd.applicant.residenceOrgUnitId,
      residenceLocality: residence.locality,
      wishes: cmd.wishes,
      priorityCategories: cmd.priorityCategories,
      examScores: null,
      bonusHundredths: 0,
      ageException: cmd.applicant.ageException ?? null,
      channel: cmd.channel,
      source: cmd.source,
      externalId: cmd.externalId ?? null,
      recordedBy: cmd.recordedBy,
      submittedAt: cmd.now,
    };
    while (!(await this.applications.insertIfFirst(tx, row))) {
      const existing = await this.applications.activeFor(tx, row.roundId, applicantHash);
      // Withdrawn between the insert and this read: try again as the first.
      if (!existing) continue;
      await this.recordDuplicate(tx, cmd, row, existing.id);
      // The same 201 as any application: nothing tells the sender the child had applied.
      await recordIdempotentResponse(tx, { applicationId: id });
      return { applicationId: id, created: true };
    }
    // The family that applied online is the child's guardian for the family reach of the policy.
    if (cmd.guardianSubject !== undefined)
      await tx.query(
        `INSERT INTO guardian (guardian_subject, applicant_hash, source, recorded_at)
         VALUES ($1, $2, 'application', $3) ON CONFLICT DO NOTHING`,
        [cmd.guardianSubject, applicantHash, cmd.now],
      );
    await this.messaging.outbox.enqueue(
      tx,
      applicationRecorded(
        { id, wishes: cmd.wishes, channel: cmd.channel, revision: 1 },
        round,
        cmd.now,
        cmd.cause,
      ),
    );
    // The API's 201 body; committed with the application so a retry replays it.
    await recordIdempotentResponse(tx, { applicationId: id });
    return { applicationId: id, created: true };
  }

  /**
   * A second application for a child with an active one. A family that is not the child's
   * recorded guardian gets a contested claim (kept outside the round until a school decides);
   * the child's guardians, desks and portals are told, since they already know.
   */
  private async recordDuplicate(
    tx: EntityManager,
    cmd: SubmitApplicationCommand,
    row: NewApplication,
    existingId: string,
  ): Promise<void> {
    const family = cmd.guardianSubject;
    const outcome = duplicateOutcome(
      family === undefined
        ? { family: false, guardian: false, hasOpenClaim: false }
        : {
            family: true,
            guardian: await this.isGuardian(tx, family, row.applicantHash),
            hasOpenClaim: await this.applications.hasOpenClaim(
              tx,
              row.roundId,
              row.applicantHash,
              family,
            ),
          },
    );
    // The claim index also refuses a second open claim racing this one.
    if (
      outcome.kind === 'claim' &&
      (await this.applications.insertClaim(tx, row, family!, existingId))
    )
      return;
    throw new ApplicationRefused(
      409,
      'duplicate-application',
      'This applicant already has an application in this round',
      `applicant ${maskPersonalId(cmd.applicant.personalId)} has an active application; amend or withdraw it instead`,
      [
        {
          field: 'applicant.personalId',
          message: 'already has an active application in this round',
        },
      ],
    );
  }

  private async isGuardian(tx: EntityManager, subject: string, hash: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM guardian WHERE guardian_subject = $1 AND applicant_hash = $2`,
      [subject, hash],
    );
    return rows.length > 0;
  }
}
