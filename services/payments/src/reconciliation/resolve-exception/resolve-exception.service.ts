import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { idempotentTransaction } from '@qn/service-kit';
import { StudentAccounts } from '../../accounts/student-accounts';
import { Postings } from '../../ledger/postings';
import { ExceptionNotFound, ExceptionQueue } from '../exception-queue.repository';
import { ResolveExceptionDto } from './resolve-exception.dto';

interface LockedException {
  status: string;
  amount: string | null;
  reference: string;
  source: string;
}

/** Resolving an exception records who decided what; "applied" books the money to a student as a bank transfer, once. */
@Injectable()
export class ResolveExceptionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
    private readonly queue: ExceptionQueue,
  ) {}

  /** The student money would be applied to (its school decides who may apply it). */
  accountOf(studentId: string) {
    return this.accounts.get(this.ds.manager, studentId);
  }

  /** Resolves an exception; the answer (the exception as resolved) is recorded with the effect. */
  resolve(id: string, dto: ResolveExceptionDto, p: Principal) {
    return idempotentTransaction(this.ds, async (tx) => {
      const [row]: LockedException[] = await tx.query(
        `SELECT status, amount::text AS amount, reference, source FROM payment_exception WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new ExceptionNotFound(id);
      if (row.status === 'resolved')
        throw new Conflict(
          'exception-resolved',
          'Already resolved',
          'this exception was resolved before',
        );
      const paymentId =
        dto.resolution === 'applied' ? await this.applyMoney(tx, id, row, dto.studentId) : null;
      await tx.query(
        `UPDATE payment_exception SET status = 'resolved', resolution = $2, resolution_note = $3, resolved_by = $4, resolved_at = now(),
           student_id = COALESCE($5, student_id), payment_id = $6 WHERE id = $1`,
        [
          id,
          dto.resolution,
          dto.note.normalize('NFC'),
          p.subject,
          dto.studentId ?? null,
          paymentId,
        ],
      );
      return this.queue.get(id, tx);
    });
  }

  /** "applied": books the exception's money to the student as a payment of its source, once. */
  private async applyMoney(
    tx: EntityManager,
    id: string,
    row: LockedException,
    studentId: string | undefined,
  ): Promise<string | null> {
    if (!studentId || row.amount === null)
      throw new RuleViolation(
        'cannot-apply',
        'Nothing to apply',
        'applied needs a studentId and an exception with an amount',
        { errors: [{ field: 'studentId', message: 'is required to apply the money' }] },
      );
    const account = await this.accounts.lock(tx, studentId);
    if (!account)
      throw new RuleViolation(
        'cannot-apply',
        'Unknown student',
        `payments knows no student ${studentId}`,
        { errors: [{ field: 'studentId', message: 'is not a student known to payments' }] },
      );
    const record = await this.postings.receive(tx, account, {
      invoiceId: null,
      channel: row.source === 'statement' ? 'bankTransfer' : (row.source as 'vnpay' | 'momo'),
      amount: BigInt(row.amount),
      provider: row.source === 'statement' ? 'bank' : (row.source as 'vnpay' | 'momo'),
      // The exception's own reference keeps "apply twice" impossible.
      externalId: `exception:${id}`,
      receivedAt: new Date(),
      reconciled: row.source === 'statement',
    });
    return record?.paymentId ?? null;
  }
}
