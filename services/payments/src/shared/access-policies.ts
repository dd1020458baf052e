import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ClientScope,
  GUARDIAN_DIRECTORY,
  GuardianDirectory,
  Reach,
  ResourceAttributes,
  ResourceLocator,
  resourceLocatorToken,
  RoutePolicy,
  UserRole,
} from '@qn/auth';

/**
 * Who may act on a student's money. The department everywhere; a commune the schools it manages;
 * a school's principal and office staff their school; a family its own children only (guardian
 * relations from `enrollment.guardian.linked`); finance systems within their unit.
 */
export const STUDENT_MONEY_READERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  commune: Reach.ManagedSchools,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
  family: Reach.Guardian,
};

/** Who books and corrects money at a school: the department and the school's own staff. */
export const MONEY_KEEPERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
};

const FINANCE_READ = { [ClientScope.PaymentsRead]: Reach.Unit };

export const readInvoice = (resource = 'invoice'): RoutePolicy => ({
  action: 'read',
  resource,
  users: STUDENT_MONEY_READERS,
  clients: FINANCE_READ,
  target: { idParam: 'id' },
  personalData: true,
});

export const readStudentMoney = (resource: string): RoutePolicy => ({
  action: 'read',
  resource,
  users: STUDENT_MONEY_READERS,
  clients: FINANCE_READ,
  target: { idParam: 'studentId' },
  personalData: true,
});

/** An invoice's school and student, for the policy guard. */
@Injectable()
export class InvoiceLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string; studentId: string }> = await this.ds.query(
      `SELECT school_id AS "schoolId", student_id AS "studentId" FROM invoice WHERE id = $1`,
      [id],
    );
    return row ? { orgUnitIds: [row.schoolId], learnerId: row.studentId } : null;
  }
}

/** A student's account (their school), for routes under /students/:studentId. */
@Injectable()
export class StudentLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string }> = await this.ds.query(
      `SELECT school_id AS "schoolId" FROM student_account WHERE student_id = $1`,
      [id],
    );
    return row ? { orgUnitIds: [row.schoolId], learnerId: id } : null;
  }
}

/**
 * A payment exception's school: the student's it was matched to, if any. An exception that names
 * no student (an unknown payment code, an unreadable line) belongs to no school: only the
 * department reaches it.
 */
@Injectable()
export class PaymentExceptionLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string | null; studentId: string | null }> = await this.ds.query(
      `SELECT a.school_id AS "schoolId", e.student_id AS "studentId"
         FROM payment_exception e LEFT JOIN student_account a ON a.student_id = e.student_id
        WHERE e.id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      orgUnitIds: row.schoolId ? [row.schoolId] : [],
      ...(row.studentId ? { learnerId: row.studentId } : {}),
    };
  }
}

/** The guardians enrollment announced for each student. */
@Injectable()
export class PaymentsGuardians implements GuardianDirectory {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async isGuardian(guardianSubject: string, studentId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM student_guardian WHERE guardian_subject = $1 AND student_id = $2`,
      [guardianSubject, studentId],
    );
    return rows.length > 0;
  }
}

export const paymentsLocators = [
  { provide: GUARDIAN_DIRECTORY, useClass: PaymentsGuardians },
  { provide: resourceLocatorToken('invoice'), useClass: InvoiceLocator },
  { provide: resourceLocatorToken('vietqr'), useClass: InvoiceLocator },
  { provide: resourceLocatorToken('gateway-order'), useClass: InvoiceLocator },
  { provide: resourceLocatorToken('student-account'), useClass: StudentLocator },
  { provide: resourceLocatorToken('entitlement'), useClass: StudentLocator },
  { provide: resourceLocatorToken('refund'), useClass: StudentLocator },
  { provide: resourceLocatorToken('student-services'), useClass: StudentLocator },
  { provide: resourceLocatorToken('payment-exception'), useClass: PaymentExceptionLocator },
];
