import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Conflict,
  DepartureReason,
  EventTypes,
  InvalidInput,
  isIsoDate,
  newTypedEvent,
  NotFound,
} from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';

export interface Departure {
  studentId: string;
  schoolId: string;
  schoolYear: string;
  reason: DepartureReason;
  leftOn: string;
}

@Injectable()
export class RecordDepartureService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
  ) {}

  async depart(
    schoolId: string,
    studentId: string,
    dto: { reason: DepartureReason; leftOn: string },
  ): Promise<Departure> {
    if (!isIsoDate(dto.leftOn)) throw InvalidInput.of('leftOn', 'must be a real day');
    return idempotentTransaction(this.ds, async (tx) => {
      // The learner's open place at this school (the latest year, should two be open).
      const [place]: Array<{ schoolYear: string; grade: number; enrolledOn: string }> =
        await tx.query(
          `SELECT school_year AS "schoolYear", grade, to_char(enrolled_on, 'YYYY-MM-DD') AS "enrolledOn"
           FROM student_year WHERE student_id = $1 AND school_id = $2 AND status = 'enrolled'
          ORDER BY school_year DESC LIMIT 1 FOR UPDATE`,
          [studentId, schoolId],
        );
      if (!place)
        throw new NotFound(
          'not-on-roster',
          'The learner is not on this school roster',
          'no open place of this learner at the school',
        );
      if (dto.leftOn <= place.enrolledOn)
        throw InvalidInput.of(
          'leftOn',
          `must be after the learner joined the school (${place.enrolledOn})`,
        );
      const open: unknown[] = await tx.query(
        `SELECT 1 FROM transfer WHERE student_id = $1 AND status IN ('requested', 'approved')`,
        [studentId],
      );
      if (open.length)
        throw new Conflict(
          'transfer-open',
          'The learner has an open transfer',
          'complete or reject the transfer first',
        );
      await tx.query(
        `UPDATE student_year SET status = 'left', ended_on = $3, closed_at = now()
          WHERE student_id = $1 AND school_id = $2 AND school_year = $4`,
        [studentId, schoolId, dto.leftOn, place.schoolYear],
      );
      await tx.query(
        `UPDATE student SET status = 'left', class_id = NULL, class_name = NULL WHERE id = $1 AND school_id = $2`,
        [studentId, schoolId],
      );
      const now = new Date();
      await this.messaging.outbox.enqueue(
        tx,
        newTypedEvent(EventTypes.studentLeft, {
          source: 'enrollment',
          subjectId: studentId,
          orgUnitId: schoolId,
          occurredAt: now,
          data: {
            studentId,
            schoolId,
            schoolYear: place.schoolYear,
            grade: place.grade,
            reason: dto.reason,
            leftOn: dto.leftOn,
            recordedAt: now.toISOString(),
          },
        }),
      );
      return {
        studentId,
        schoolId,
        schoolYear: place.schoolYear,
        reason: dto.reason,
        leftOn: dto.leftOn,
      };
    });
  }
}
