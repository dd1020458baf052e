import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  EventEnvelope,
  EventTypes,
  InvalidInput,
  newTypedEvent,
  RuleViolation,
} from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { schoolOrFail } from '../../shared/schools';
import { idempotentTransaction } from '@qn/service-kit';
import { RosterRepository } from '../../rosters/roster.repository';
import { decideYearEnd, nextSchoolYear } from '../domain/year-end-rules';
import { CloseYearDto } from './close-year.dto';

export interface CloseYearReport {
  schoolId: string;
  schoolYear: string;
  nextSchoolYear: string;
  closed: number;
  promoted: number;
  repeating: number;
  completedLevel: number;
  /** Promoted or repeating, but already on another school's roster next year (admitted or transferred there). */
  continuingElsewhere: number;
}

/**
 * Closes a school's year (tổng kết năm học) for every learner still on its roster: the outcome of
 * each, and the next year's roster of those who continue at the school. Learners whose year is
 * closed already are not touched, so closing again (or after late arrivals) closes only the rest.
 */
@Injectable()
export class CloseYearService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rosters: RosterRepository,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  async close(schoolId: string, schoolYear: string, dto: CloseYearDto): Promise<CloseYearReport> {
    const school = await schoolOrFail(this.directory, schoolId);
    const segment = school.school.segment;
    const next = nextSchoolYear(schoolYear);
    const startsOn = dto.nextYearStartsOn ?? `${next.slice(0, 4)}-09-05`;
    if (startsOn.slice(0, 4) !== next.slice(0, 4))
      throw InvalidInput.of(
        'nextYearStartsOn',
        `must be in ${next.slice(0, 4)}, when ${next} starts`,
      );

    return idempotentTransaction(this.ds, async (tx) => {
      await this.rosters.lockSchoolYear(tx, schoolId, schoolYear);
      const open: Array<{ studentId: string; grade: number }> = await tx.query(
        `SELECT student_id AS "studentId", grade FROM student_year
          WHERE school_id = $1 AND school_year = $2 AND status = 'enrolled'
          ORDER BY student_id FOR UPDATE`,
        [schoolId, schoolYear],
      );
      const { decisions, problems } = decideYearEnd(open, dto.repeating ?? []);
      if (problems.length)
        throw RuleViolation.ofFields('year-end-rule', 'The year cannot be closed so', problems);
      const now = new Date();
      await tx.query(
        `UPDATE student_year y SET status = u.outcome, closed_at = $3
           FROM unnest($4::uuid[], $5::text[]) AS u(id, outcome)
          WHERE y.student_id = u.id AND y.school_year = $1 AND y.school_id = $2`,
        [
          schoolYear,
          schoolId,
          now,
          decisions.map((d) => d.studentId),
          decisions.map((d) => d.outcome),
        ],
      );
      const continuing = decisions.filter((d) => d.nextGrade !== null);
      // A learner already placed next year elsewhere (admitted, transferred) continues there.
      const elsewhere = new Set(
        (
          (await tx.query(
            `SELECT student_id AS id FROM student_year WHERE student_id = ANY($1) AND school_year = $2 AND status = 'enrolled'`,
            [continuing.map((d) => d.studentId), next],
          )) as Array<{ id: string }>
        ).map((r) => r.id),
      );
      const staying = continuing.filter((d) => !elsewhere.has(d.studentId));
      if (staying.length) {
        await tx.query(
          `INSERT INTO student_year (student_id, school_year, school_id, grade, enrolled_on)
           SELECT u.id, $1, $2, u.grade, $3 FROM unnest($4::uuid[], $5::int[]) AS u(id, grade)`,
          [
            next,
            schoolId,
            startsOn,
            staying.map((d) => d.studentId),
            staying.map((d) => d.nextGrade),
          ],
        );
        await tx.query(
          `UPDATE student s SET grade = u.grade, school_year = $1, enrolled_on = $3, class_id = NULL, class_name = NULL
             FROM unnest($4::uuid[], $5::int[]) AS u(id, grade)
            WHERE s.id = u.id AND s.school_id = $2 AND s.school_year = $6`,
          [
            next,
            schoolId,
            startsOn,
            staying.map((d) => d.studentId),
            staying.map((d) => d.nextGrade),
            schoolYear,
          ],
        );
      }
      const at = now.toISOString();
      const base = (id: string) => ({
        source: 'enrollment',
        subjectId: id,
        orgUnitId: schoolId,
        occurredAt: now,
      });
      const events: EventEnvelope[] = decisions.map((d) =>
        newTypedEvent(EventTypes.studentYearClosed, {
          ...base(d.studentId),
          data: {
            studentId: d.studentId,
            schoolId,
            schoolYear,
            grade: d.grade,
            outcome: d.outcome,
            closedAt: at,
          },
        }),
      );
      for (const d of staying)
        events.push(
          newTypedEvent(EventTypes.studentEnrolled, {
            ...base(d.studentId),
            data: {
              studentId: d.studentId,
              schoolId,
              grade: d.nextGrade!,
              classId: null,
              className: null,
              schoolYear: next,
              segment,
              reason: d.outcome === 'repeating' ? 'repetition' : 'promotion',
              enrolledOn: startsOn,
            },
          }),
        );
      await this.messaging.outbox.enqueue(tx, events);
      return {
        schoolId,
        schoolYear,
        nextSchoolYear: next,
        closed: decisions.length,
        promoted: decisions.filter((d) => d.outcome === 'promoted').length,
        repeating: decisions.filter((d) => d.outcome === 'repeating').length,
        completedLevel: decisions.filter((d) => d.outcome === 'completed-level').length,
        continuingElsewhere: continuing.length - staying.length,
      };
    });
  }
}
