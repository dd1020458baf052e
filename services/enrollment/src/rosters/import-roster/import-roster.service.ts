import { learnerIdentityEvents } from '../../shared/learner-identities';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EventEnvelope,
  EventTypes,
  RuleViolation,
  Unavailable,
  newTypedEvent,
} from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { schoolOrFail } from '../../shared/schools';
import { PersonalDataGuard } from '../../shared/personal-data';
import {
  IDENTITY_VERIFIER,
  IdentityServiceUnavailable,
  IdentityVerifier,
} from '../../shared/ports/identity-verifier';
import { readRosterSheets, RosterSheet, RowProblem, SheetCells } from '../domain/roster-file';
import { gradesOfLevels, planRoster, RosterContext, RosterPlan } from '../domain/roster-plan';
import { RosterRepository, SealedPerson } from '../roster.repository';

export interface ImportReport {
  importId: string;
  schoolId: string;
  schoolYear: string;
  /** The same file was imported before: nothing changed, this is that import's report. */
  replayed: boolean;
  classes: { created: number; updated: number; unchanged: number };
  staff: { created: number; updated: number; unchanged: number };
  learners: { created: number; enrolled: number; updated: number; unchanged: number };
  assignments: { changed: number; unchanged: number };
  guardiansLinked: number;
  identitiesVerified: number;
  /** Learners on the school's roster this year that the file does not list (not removed: departures are recorded as such). */
  notInFile: number;
}

/** Most rows one file may carry (the largest schools have about 3,000 learners). */
export const MAX_ROSTER_ROWS = 20_000;

/**
 * Imports a school's roster for a school year (nhập danh sách từ CSDL ngành): classes, staff,
 * learners and teaching assignments, all or nothing. Every row is checked, then checked against
 * the register (a learner at another school this year, a teacher of another school), then new
 * people's identities against the population database; any problem → 422 listing every failing
 * row, nothing saved. The same file again answers the first import's report and changes nothing;
 * another file changes only what differs. Learners already in the register (admitted through
 * the platform, or on last year's roster) are matched by the keyed hash of their personal id.
 */
@Injectable()
export class ImportRosterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: RosterRepository,
    private readonly directory: OrgDirectory,
    private readonly personalData: PersonalDataGuard,
    private readonly messaging: MessagingService,
    @Inject(IDENTITY_VERIFIER) private readonly identity: IdentityVerifier,
  ) {}

  async import(input: {
    schoolId: string;
    schoolYear: string;
    sheets: Partial<Record<RosterSheet, SheetCells>>;
    fileBytes: Buffer;
    importedBy: string;
    /** First day on the roster for learners new to the school this year (default: 5 September, the opening day). */
    enrolledOn?: string;
  }): Promise<ImportReport> {
    const school = await schoolOrFail(this.directory, input.schoolId);
    const ctx: RosterContext = {
      schoolId: input.schoolId,
      schoolYear: input.schoolYear,
      grades: gradesOfLevels(school.school.levels),
    };
    if (ctx.grades.length === 0)
      throw new RuleViolation(
        'roster-not-supported',
        'This school has no general-education grades',
        'rosters cover grades 1-12 (preschool rosters are not imported yet)',
      );
    const rowCount = Object.values(input.sheets).reduce((n, s) => n + (s?.length ?? 0), 0);
    if (rowCount > MAX_ROSTER_ROWS)
      throw new RuleViolation(
        'roster-too-large',
        'The roster file is too large',
        `at most ${MAX_ROSTER_ROWS} rows per file; split it by sheet`,
      );
    const { rows, problems } = readRosterSheets(input.sheets);
    if (problems.length) throw rosterProblems(problems);
    const sha256 = createHash('sha256').update(input.fileBytes).digest('hex');
    const enrolledOn = input.enrolledOn ?? `${input.schoolYear.slice(0, 4)}-09-05`;
    const segment = school.school.segment;

    return this.ds.transaction(async (tx) => {
      await this.repo.lockSchoolYear(tx, ctx.schoolId, ctx.schoolYear);
      const before = await this.repo.findImport(tx, ctx, sha256);
      if (before) return { ...(before.report as ImportReport), replayed: true };

      const hashOf = memo((pid: string) => this.personalData.lookupHash(pid));
      const people = [
        ...rows.learners.map((r) => r.personalId),
        ...rows.staff.map((r) => r.personalId),
        ...rows.classes.flatMap((r) => r.homeroomTeacherPersonalId ?? []),
        ...rows.assignments.map((r) => r.teacherPersonalId),
      ];
      const accounts = rows.staff.flatMap((r) => r.account ?? []);
      const held = await this.repo.snapshot(tx, ctx, [...new Set(people.map(hashOf))], accounts);
      const { plan, problems: conflicts } = planRoster(rows, ctx, held, uuidv7, hashOf);
      if (conflicts.length) throw rosterProblems(conflicts);
      const verified = await this.checkNewPeople(plan);

      const now = new Date();
      const sealed = new Map<string, SealedPerson>();
      for (const c of plan.learners.filter((l) => l.kind === 'new'))
        sealed.set(c.id, this.seal(c.row.personalId, `student:${c.id}`));
      for (const c of plan.staff.filter((s) => s.isNew))
        sealed.set(c.id, this.seal(c.row.personalId, `staff:${c.id}`));

      await this.repo.writeStaff(tx, ctx.schoolId, plan.staff, sealed);
      await this.repo.writeClasses(tx, ctx, plan.classes);
      const classNames = new Map([...held.classes.values()].map((c) => [c.id, c.name]));
      for (const c of plan.classes) classNames.set(c.id, c.name);
      await this.repo.writeLearners(tx, ctx, plan.learners, classNames, sealed, enrolledOn);
      await this.repo.writeAssignments(tx, plan.assignments, now);
      await this.recordIdentityChecks(tx, plan, verified, now);
      const learnerHash = new Map(rows.learners.map((r) => [r.personalId, hashOf(r.personalId)]));
      const byId = new Map([...held.learners.entries()].map(([hash, l]) => [l.id, hash] as const));
      for (const c of plan.learners) byId.set(c.id, learnerHash.get(c.row.personalId)!);
      const linked = await this.repo.linkGuardians(
        tx,
        plan.guardians.map((g) => ({ ...g, hash: byId.get(g.studentId)! })),
        now,
      );

      const events = rosterEvents(ctx, plan, {
        segment,
        enrolledOn,
        now,
        classNames,
        linked,
        verified,
      });
      await this.messaging.outbox.enqueue(tx, events);
      // Learners new to the register or to this school year: who they are, for records.
      await this.messaging.outbox.enqueue(
        tx,
        await learnerIdentityEvents(
          tx,
          plan.learners.filter((l) => l.kind !== 'update').map((l) => l.id),
          now,
        ),
      );

      const [{ n: onRoster }]: Array<{ n: number }> = await tx.query(
        `SELECT count(*)::int AS n FROM student_year WHERE school_id = $1 AND school_year = $2 AND status = 'enrolled'`,
        [ctx.schoolId, ctx.schoolYear],
      );
      const report: ImportReport = {
        importId: uuidv7(),
        schoolId: ctx.schoolId,
        schoolYear: ctx.schoolYear,
        replayed: false,
        classes: {
          created: plan.classes.filter((c) => c.isNew).length,
          updated: plan.classes.filter((c) => !c.isNew).length,
          unchanged: plan.unchanged.classes,
        },
        staff: {
          created: plan.staff.filter((c) => c.isNew).length,
          updated: plan.staff.filter((c) => !c.isNew).length,
          unchanged: plan.unchanged.staff,
        },
        learners: {
          created: plan.learners.filter((c) => c.kind === 'new').length,
          enrolled: plan.learners.filter((c) => c.kind === 'enrol').length,
          updated: plan.learners.filter((c) => c.kind === 'update').length,
          unchanged: plan.unchanged.learners,
        },
        assignments: { changed: plan.assignments.length, unchanged: plan.unchanged.assignments },
        guardiansLinked: linked.length,
        identitiesVerified: verified.size,
        notInFile: Math.max(0, onRoster - rows.learners.length),
      };
      await this.repo.recordImport(tx, report.importId, ctx, sha256, input.importedBy, now, report);
      return report;
    });
  }

  private seal(personalId: string, context: string): SealedPerson {
    return {
      hash: this.personalData.lookupHash(personalId),
      sealed: this.personalData.seal(personalId, context),
      last4: personalId.slice(-4),
    };
  }

  /**
   * New people are checked against the population database before anything is saved: a
   * mismatch or an unknown id is a row problem. Returns the ids of the people verified.
   */
  private async checkNewPeople(plan: RosterPlan): Promise<Set<string>> {
    const queries = [
      ...plan.learners
        .filter((l) => l.kind === 'new')
        .map((l) => ({ ref: l.id, sheet: 'learners' as const, row: l.row })),
      ...plan.staff
        .filter((s) => s.isNew)
        .map((s) => ({ ref: s.id, sheet: 'staff' as const, row: s.row })),
    ];
    const verified = new Set<string>();
    const problems: RowProblem[] = [];
    const byRef = new Map(queries.map((q) => [q.ref, q]));
    for (let i = 0; i < queries.length; i += this.identity.maxBatch) {
      const batch = queries.slice(i, i + this.identity.maxBatch);
      let answers;
      try {
        answers = await this.identity.verify(
          batch.map((q) => ({
            ref: q.ref,
            personalId: q.row.personalId,
            fullName: q.row.fullName,
            dateOfBirth: q.row.dateOfBirth,
          })),
        );
      } catch (error) {
        if (error instanceof IdentityServiceUnavailable)
          throw new Unavailable(
            'identity-service-unavailable',
            'The population database cannot be reached',
            'nothing was imported; send the file again later',
            { retryAfterSeconds: 60 },
          );
        throw error;
      }
      for (const a of answers) {
        const q = byRef.get(a.ref)!;
        if (a.result === 'verified') verified.add(a.ref);
        else
          problems.push({
            sheet: q.sheet,
            row: q.row.row,
            field: 'personal_id',
            code: `identity-${a.result}`,
            message:
              a.result === 'mismatch'
                ? 'the population database holds this personal id with another name or date of birth'
                : 'the population database does not know this personal id',
          });
      }
    }
    if (problems.length) throw rosterProblems(problems.sort((a, b) => a.row - b.row));
    return verified;
  }

  private async recordIdentityChecks(
    tx: EntityManager,
    plan: RosterPlan,
    verified: Set<string>,
    at: Date,
  ): Promise<void> {
    const learners = plan.learners.filter((l) => verified.has(l.id)).map((l) => l.id);
    const staff = plan.staff.filter((s) => verified.has(s.id)).map((s) => s.id);
    if (learners.length)
      await tx.query(
        `UPDATE student SET identity_result = 'verified', identity_checked_at = $2 WHERE id = ANY($1)`,
        [learners, at],
      );
    if (staff.length)
      await tx.query(
        `UPDATE staff_member SET identity_result = 'verified', identity_checked_at = $2 WHERE id = ANY($1)`,
        [staff, at],
      );
  }
}

/** 422 listing every failing row: sheet, row, column and what is wrong (never the value). */
export function rosterProblems(problems: RowProblem[]): RuleViolation {
  const shown = problems.slice(0, 1000);
  return new RuleViolation(
    'roster-invalid',
    'The roster file has errors; nothing was imported',
    `${problems.length} problem(s)${problems.length > shown.length ? `, the first ${shown.length} listed` : ''}`,
    {
      errors: shown.map((p) => ({
        field: `${p.sheet}[${p.row}].${p.field}`,
        message: p.message,
        sheet: p.sheet,
        row: p.row,
        column: p.field,
        code: p.code,
      })),
    },
  );
}

function rosterEvents(
  ctx: RosterContext,
  plan: RosterPlan,
  e: {
    segment: 'urban' | 'rural' | 'ethnic-minority-mountain' | 'island';
    enrolledOn: string;
    now: Date;
    classNames: Map<string, string>;
    linked: Array<{ studentId: string; account: string }>;
    verified: Set<string>;
  },
): EventEnvelope[] {
  const at = e.now.toISOString();
  const base = (subjectId: string) => ({
    source: 'enrollment',
    subjectId,
    orgUnitId: ctx.schoolId,
    occurredAt: e.now,
  });
  const events: EventEnvelope[] = [];
  for (const s of plan.staff)
    events.push(
      newTypedEvent(EventTypes.staffMemberChanged, {
        ...base(s.id),
        data: {
          staffId: s.id,
          schoolId: ctx.schoolId,
          role: s.row.role,
          accountSubject: s.row.account,
          active: true,
          revision: s.revision,
          changedAt: at,
        },
      }),
    );
  for (const c of plan.classes)
    events.push(
      newTypedEvent(EventTypes.classFormed, {
        ...base(c.id),
        data: {
          classId: c.id,
          schoolId: ctx.schoolId,
          schoolYear: ctx.schoolYear,
          grade: c.grade,
          name: c.name,
          homeroomTeacherId: c.homeroomTeacherId,
          revision: c.revision,
          changedAt: at,
        },
      }),
    );
  for (const l of plan.learners) {
    if (l.kind !== 'update')
      events.push(
        newTypedEvent(EventTypes.studentEnrolled, {
          ...base(l.id),
          data: {
            studentId: l.id,
            schoolId: ctx.schoolId,
            grade: l.row.grade,
            classId: l.classId,
            className: l.classId ? e.classNames.get(l.classId)! : null,
            schoolYear: ctx.schoolYear,
            segment: e.segment,
            reason: 'roster',
            enrolledOn: e.enrolledOn,
          },
        }),
      );
    if (l.classChanged && l.classId)
      events.push(
        newTypedEvent(EventTypes.studentPlaced, {
          ...base(l.id),
          data: {
            studentId: l.id,
            schoolId: ctx.schoolId,
            schoolYear: ctx.schoolYear,
            grade: l.row.grade,
            classId: l.classId,
            placedAt: at,
          },
        }),
      );
    if (e.verified.has(l.id))
      events.push(
        newTypedEvent(EventTypes.studentIdentityChecked, {
          ...base(l.id),
          data: { studentId: l.id, schoolId: ctx.schoolId, result: 'verified', checkedAt: at },
        }),
      );
  }
  for (const s of plan.staff)
    if (e.verified.has(s.id))
      events.push(
        newTypedEvent(EventTypes.staffIdentityChecked, {
          ...base(s.id),
          data: {
            staffId: s.id,
            schoolId: ctx.schoolId,
            role: s.row.role,
            result: 'verified',
            checkedAt: at,
          },
        }),
      );
  for (const a of plan.assignments)
    events.push(
      newTypedEvent(EventTypes.teachingAssigned, {
        ...base(a.classId),
        data: {
          classId: a.classId,
          schoolId: ctx.schoolId,
          schoolYear: ctx.schoolYear,
          subjectCode: a.subjectCode,
          staffId: a.staffId,
          assignedAt: at,
        },
      }),
    );
  for (const g of e.linked)
    events.push(
      newTypedEvent(EventTypes.guardianLinked, {
        ...base(g.studentId),
        data: {
          studentId: g.studentId,
          guardianSubject: g.account,
          basis: 'import',
          linkedAt: at,
        },
      }),
    );
  return events;
}

function memo<T>(f: (k: string) => T): (k: string) => T {
  const cache = new Map<string, T>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined) cache.set(k, (v = f(k)));
    return v;
  };
}
