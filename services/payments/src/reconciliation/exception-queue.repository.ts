import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { NotFound } from '@qn/contracts';
import { ScopeFilter } from '@qn/auth';
import { Vnd } from '../shared/money';

export interface NewException {
  source: 'vnpay' | 'momo' | 'statement';
  kind: string;
  reason: string;
  /** What makes the problem unique (transaction id…): the same problem delivered again opens nothing new. */
  reference: string;
  amount?: Vnd;
  paymentCode?: string;
  invoiceId?: string;
  studentId?: string;
  importId?: string;
  line?: number;
  detail?: Record<string, unknown>;
}

const SELECT = `SELECT id, source, kind, reason, reference, amount::text AS amount, payment_code AS "paymentCode", invoice_id AS "invoiceId",
  student_id AS "studentId", import_id AS "importId", line, detail, status, resolution, resolution_note AS "resolutionNote",
  payment_id AS "paymentId", resolved_by AS "resolvedBy", resolved_at AS "resolvedAt", created_at AS "createdAt" FROM payment_exception`;

/** A payment exception (khoản chưa khớp) that does not exist. */
export class ExceptionNotFound extends NotFound {
  constructor(id: string) {
    super('exception-not-found', 'No such exception', `no exception ${id}`);
  }
}

/**
 * The queue staff work through (hàng đợi đối soát): authentic money that could not be applied
 * by itself. Resolving one records who decided what; "applied" books the money to a student as
 * a bank transfer, once.
 */
@Injectable()
export class ExceptionQueue {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async open(e: NewException, tx: EntityManager = this.ds.manager): Promise<void> {
    await tx.query(
      `INSERT INTO payment_exception (id, source, kind, reason, reference, amount, payment_code, invoice_id, student_id, import_id, line, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (source, kind, reference) DO NOTHING`,
      [
        uuidv7(),
        e.source,
        e.kind,
        e.reason,
        e.reference,
        e.amount?.toString() ?? null,
        e.paymentCode ?? null,
        e.invoiceId ?? null,
        e.studentId ?? null,
        e.importId ?? null,
        e.line ?? null,
        JSON.stringify(e.detail ?? {}),
      ],
    );
  }

  /** Many at once (a statement import): one statement. */
  async openMany(tx: EntityManager, items: NewException[]): Promise<number> {
    if (items.length === 0) return 0;
    const col = <K extends keyof NewException>(k: K) => items.map((i) => i[k] ?? null);
    const rows: unknown[] = await tx.query(
      `INSERT INTO payment_exception (id, source, kind, reason, reference, amount, payment_code, invoice_id, student_id, import_id, line, detail)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::uuid[], $9::uuid[], $10::uuid[], $11::int[], $12::jsonb[])
       ON CONFLICT (source, kind, reference) DO NOTHING RETURNING id`,
      [
        items.map(() => uuidv7()),
        col('source'),
        col('kind'),
        col('reason'),
        col('reference'),
        items.map((i) => i.amount?.toString() ?? null),
        col('paymentCode'),
        col('invoiceId'),
        col('studentId'),
        col('importId'),
        col('line'),
        items.map((i) => JSON.stringify(i.detail ?? {})),
      ],
    );
    return rows.length;
  }

  /** Scoped: a school's staff see the exceptions matched to their students only. */
  list(status: string | undefined, source: string | undefined, scope: ScopeFilter) {
    const within = 'all' in scope ? null : scope.withinOrgUnitId;
    return this.ds.query(
      `WITH RECURSIVE units(id) AS (
         SELECT $3::uuid WHERE $3::uuid IS NOT NULL
         UNION SELECT u.id FROM org_unit_replica u JOIN units ON u.parent_id = units.id
       )
       ${SELECT} WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR source = $2)
         AND ($3::uuid IS NULL OR student_id IN (
           SELECT a.student_id FROM student_account a WHERE a.school_id IN (SELECT id FROM units)))
       ORDER BY created_at, id LIMIT 500`,
      [status ?? null, source ?? null, within],
    );
  }

  async get(id: string, tx: EntityManager = this.ds.manager) {
    const [row] = await tx.query(`${SELECT} WHERE id = $1`, [id]);
    if (!row) throw new ExceptionNotFound(id);
    return row;
  }
}
