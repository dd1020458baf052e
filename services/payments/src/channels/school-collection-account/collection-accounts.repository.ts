import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CollectionAccountSetV1, Conflict, EventTypes, newEvent } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { DataSource } from 'typeorm';
import { CollectionAccountInput } from '../domain/collection-account';

export interface CollectionAccountRow extends CollectionAccountInput {
  schoolId: string;
  updatedBy: string;
  updatedAt: string;
}

/** The school has not set its collection account: no VietQR can name where to pay. */
export class NoCollectionAccount extends Conflict {
  constructor(schoolId: string) {
    super(
      'no-collection-account',
      'The school has no collection account yet',
      `Trường (${schoolId}) chưa khai báo tài khoản thu học phí nên chưa thể tạo mã VietQR. Hiệu trưởng hoặc kế toán nhà trường cần khai báo tài khoản (PUT /schools/${schoolId}/collection-account); trong lúc chờ, gia đình có thể nộp qua cổng thanh toán hoặc tại trường.`,
    );
  }
}

const SELECT = `SELECT school_id AS "schoolId", bank_bin AS "bankBin", account_number AS "accountNumber",
  account_name AS "accountName", updated_by AS "updatedBy", updated_at AS "updatedAt" FROM school_collection_account`;

@Injectable()
export class CollectionAccountsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
  ) {}

  async find(schoolId: string): Promise<CollectionAccountRow | undefined> {
    const rows: CollectionAccountRow[] = await this.ds.query(`${SELECT} WHERE school_id = $1`, [
      schoolId,
    ]);
    return rows[0];
  }

  /** The school's account, or the 409 problem the VietQR routes answer without one. */
  async require(schoolId: string): Promise<CollectionAccountRow> {
    const row = await this.find(schoolId);
    if (!row) throw new NoCollectionAccount(schoolId);
    return row;
  }

  /**
   * Sets the school's account and keeps the change in the history, in one transaction that also
   * records the answer (`present(row)`) for retries with the same Idempotency-Key.
   */
  async put<A>(
    schoolId: string,
    account: CollectionAccountInput,
    by: string,
    present: (row: CollectionAccountRow) => A,
  ): Promise<A> {
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const [row]: CollectionAccountRow[] = await tx.query(
          `INSERT INTO school_collection_account (school_id, bank_bin, account_number, account_name, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (school_id) DO UPDATE SET bank_bin = EXCLUDED.bank_bin, account_number = EXCLUDED.account_number,
           account_name = EXCLUDED.account_name, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
         RETURNING school_id AS "schoolId", bank_bin AS "bankBin", account_number AS "accountNumber",
           account_name AS "accountName", updated_by AS "updatedBy", updated_at AS "updatedAt"`,
          [schoolId, account.bankBin, account.accountNumber, account.accountName, by],
        );
        await tx.query(
          `INSERT INTO school_collection_account_history (school_id, bank_bin, account_number, account_name, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            schoolId,
            account.bankBin,
            account.accountNumber,
            account.accountName,
            by,
            row!.updatedAt,
          ],
        );
        // The school accepts cashless payment from now on: the KPI aggregator counts it.
        const setAt = new Date(row!.updatedAt);
        await this.messaging.outbox.enqueue(
          tx,
          newEvent<CollectionAccountSetV1>({
            ...EventTypes.collectionAccountSet,
            source: 'payments',
            subjectId: schoolId,
            orgUnitId: schoolId,
            occurredAt: setAt,
            data: { schoolId, bankBin: account.bankBin, setAt: setAt.toISOString() },
          }),
        );
        return row!;
      },
      present,
    );
  }
}
