import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fee catalogue, students' accounts, invoices, the double-entry ledger, payments, gateway
 * orders, the exception queue and bank statement imports, in the payments schema.
 * Money columns are numeric(20,0): integer đồng, read back as strings and parsed to bigint.
 */
export class PaymentsTables1732400001000 implements MigrationInterface {
  name = 'PaymentsTables1732400001000';

  async up(q: QueryRunner): Promise<void> {
    // Biểu phí: the province's part (calendar, tuition, province-wide items) under scope
    // 'province', each school's own items under its id. History keeps every revision.
    await q.query(`
      CREATE TABLE fee_catalogue (
        school_year text NOT NULL,
        scope text NOT NULL,
        body jsonb NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (school_year, scope)
      )`);
    await q.query(`
      CREATE TABLE fee_catalogue_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        school_year text NOT NULL,
        scope text NOT NULL,
        revision integer NOT NULL,
        body jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Payment codes: HP + series year + 5-digit serial + Luhn digit (domain/reconciliation.ts).
    await q.query(`
      CREATE TABLE payment_code_series (
        year integer PRIMARY KEY,
        last_serial integer NOT NULL CHECK (last_serial BETWEEN 0 AND 99999)
      )`);
    // One row per student: the stable payment code, current school, enrolments (domain shape),
    // and the row every money operation of the student locks (FOR UPDATE) to serialise them.
    await q.query(`
      CREATE TABLE student_account (
        student_id uuid PRIMARY KEY,
        payment_code text NOT NULL UNIQUE,
        school_id uuid NOT NULL,
        segment text NOT NULL,
        grade integer NOT NULL,
        school_year text NOT NULL,
        enrolments jsonb NOT NULL,
        opted_in_services text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE invoice (
        id uuid PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES student_account (student_id),
        school_id uuid NOT NULL,
        segment text NOT NULL,
        school_year text NOT NULL,
        period_key text NOT NULL,
        payment_code text NOT NULL,
        amount numeric(20, 0) NOT NULL CHECK (amount > 0),
        lines jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'settled', 'cancelled')),
        issued_on date NOT NULL,
        due_on date NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        cancelled_by text,
        replaces_invoice_id uuid REFERENCES invoice (id)
      )`);
    // One live invoice per student, school and period: re-delivered events cannot bill twice.
    await q.query(
      `CREATE UNIQUE INDEX invoice_one_live ON invoice (student_id, school_id, period_key) WHERE status <> 'cancelled'`,
    );
    await q.query(`CREATE INDEX invoice_student ON invoice (student_id, issued_at)`);
    await q.query(`CREATE INDEX invoice_school ON invoice (school_id, school_year, status)`);

    // Sổ cái: append-only journal. Balanced per entry (checked at commit), never updated.
    await q.query(`
      CREATE TABLE ledger_entry (
        entry_id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        student_id uuid,
        kind text NOT NULL,
        entry_date date NOT NULL,
        memo text,
        refs jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_entry_student ON ledger_entry (student_id, seq)`);
    await q.query(`
      CREATE TABLE ledger_line (
        entry_id text NOT NULL REFERENCES ledger_entry (entry_id),
        line_no smallint NOT NULL,
        account text NOT NULL,
        debit numeric(20, 0) CHECK (debit > 0),
        credit numeric(20, 0) CHECK (credit > 0),
        CHECK ((debit IS NULL) <> (credit IS NULL)),
        PRIMARY KEY (entry_id, line_no)
      )`);
    await q.query(`CREATE INDEX ledger_line_account ON ledger_line (account)`);
    // Every entry balanced, checked once per INSERT statement over the entries it touched (the
    // repository writes all lines of its entries in one statement): a row-level deferred
    // trigger did the same check once per line, which dominated bulk statement imports.
    await q.query(`
      CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql
      -- The service's schema, whoever inserts (a session with another search_path too).
      SET search_path FROM CURRENT AS $$
      DECLARE bad text;
      BEGIN
        -- One primary-key lookup per entry touched (a join would let the planner scan the table).
        SELECT n.entry_id INTO bad FROM (SELECT DISTINCT entry_id FROM new_lines) n
         WHERE (SELECT sum(coalesce(l.debit, 0)) - sum(coalesce(l.credit, 0)) FROM ledger_line l WHERE l.entry_id = n.entry_id) <> 0
         LIMIT 1;
        IF bad IS NOT NULL THEN RAISE EXCEPTION 'ledger entry % is not balanced', bad; END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_line_balanced AFTER INSERT ON ledger_line
        REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_balanced()`);
    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only: correct with a reversing entry'; END $$`);
    await q.query(
      `CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER ledger_line_append_only BEFORE UPDATE OR DELETE ON ledger_line FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
    );

    await q.query(`
      CREATE TABLE payment (
        id uuid PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES student_account (student_id),
        invoice_id uuid REFERENCES invoice (id),
        school_id uuid NOT NULL,
        segment text NOT NULL,
        school_year text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('vietqr', 'vnpay', 'momo', 'bankTransfer', 'cash')),
        cashless boolean NOT NULL,
        amount numeric(20, 0) NOT NULL CHECK (amount > 0),
        applied numeric(20, 0) NOT NULL,
        credit numeric(20, 0) NOT NULL,
        provider text NOT NULL CHECK (provider IN ('vnpay', 'momo', 'bank', 'desk')),
        external_id text NOT NULL,
        cashier text,
        received_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (cashless = (channel <> 'cash')),
        CHECK (channel <> 'cash' OR cashier IS NOT NULL)
      )`);
    // The same gateway transaction or bank line credits once, however often or concurrently
    // it is delivered: the second insert conflicts (Redis only saves the work before it).
    await q.query(`CREATE UNIQUE INDEX payment_once ON payment (provider, external_id)`);
    await q.query(`CREATE INDEX payment_student ON payment (student_id)`);
    await q.query(`CREATE INDEX payment_received ON payment (received_at)`);

    // An order started at a gateway for an invoice (vnp_TxnRef / MoMo orderId).
    await q.query(`
      CREATE TABLE gateway_order (
        id uuid PRIMARY KEY,
        provider text NOT NULL CHECK (provider IN ('vnpay', 'momo')),
        invoice_id uuid NOT NULL REFERENCES invoice (id),
        student_id uuid NOT NULL,
        amount numeric(20, 0) NOT NULL CHECK (amount > 0),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
        payment_id uuid REFERENCES payment (id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE refund (
        id uuid PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES student_account (student_id),
        amount numeric(20, 0) NOT NULL CHECK (amount > 0),
        reason text NOT NULL,
        approved_by text NOT NULL,
        approved_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Hàng đợi ngoại lệ: what staff must look at (authentic callbacks that could not be
    // applied, statement lines that did not match).
    await q.query(`
      CREATE TABLE payment_exception (
        id uuid PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('vnpay', 'momo', 'statement')),
        kind text NOT NULL,
        reason text NOT NULL,
        reference text NOT NULL,
        amount numeric(20, 0),
        payment_code text,
        invoice_id uuid,
        student_id uuid,
        import_id uuid,
        line integer,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        resolution text CHECK (resolution IN ('applied', 'dismissed', 'refundedOutside')),
        resolution_note text,
        payment_id uuid REFERENCES payment (id),
        resolved_by text,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A retried bad callback or a re-imported line opens one entry, not one per delivery.
    await q.query(
      `CREATE UNIQUE INDEX payment_exception_once ON payment_exception (source, kind, reference)`,
    );
    await q.query(`CREATE INDEX payment_exception_open ON payment_exception (status, created_at)`);

    await q.query(`
      CREATE TABLE statement_import (
        id uuid PRIMARY KEY,
        account_number text NOT NULL,
        file_sha256 text NOT NULL,
        from_date date,
        to_date date,
        lines integer NOT NULL,
        rejected_lines integer NOT NULL,
        summary jsonb NOT NULL,
        errors jsonb NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'statement_import',
      'payment_exception',
      'refund',
      'gateway_order',
      'payment',
      'ledger_line',
      'ledger_entry',
      'invoice',
      'student_account',
      'payment_code_series',
      'fee_catalogue_history',
      'fee_catalogue',
    ])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP FUNCTION ledger_append_only`);
    await q.query(`DROP FUNCTION ledger_entries_balanced`);
  }
}

/**
 * Entitlements (miễn, giảm học phí; hỗ trợ) as an append-only history of decisions, and on each
 * invoice the total of entitlements applied to it (kept with the ledger entries that apply them).
 */
export class PaymentsEntitlements1732400002000 implements MigrationInterface {
  name = 'PaymentsEntitlements1732400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entitlement_record (
        record_id uuid PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES student_account (student_id),
        school_id uuid NOT NULL,
        category text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('tuitionExemption', 'tuitionReduction', 'lunchSupport', 'studySupport')),
        action text NOT NULL CHECK (action IN ('grant', 'end')),
        percent numeric(5, 0),
        monthly_amount numeric(20, 0),
        offset_fee_codes text[],
        effective_from date NOT NULL,
        recorded_on date NOT NULL,
        decision_ref text,
        approved_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX entitlement_record_student ON entitlement_record (student_id, created_at)`,
    );
    await q.query(
      `CREATE TRIGGER entitlement_record_append_only BEFORE UPDATE OR DELETE ON entitlement_record FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
    );
    await q.query(
      `ALTER TABLE invoice ADD COLUMN entitled numeric(20, 0) NOT NULL DEFAULT 0 CHECK (entitled >= 0 AND entitled <= amount)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice DROP COLUMN entitled`);
    await q.query(`DROP TABLE entitlement_record`);
  }
}

/**
 * Guardians of each student (from `enrollment.guardian.linked`): the family reach of the
 * authorization policy, so a family sees its own children's invoices and nobody else's.
 */
export class PaymentsGuardians1732400003000 implements MigrationInterface {
  name = 'PaymentsGuardians1732400003000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE student_guardian (
        student_id uuid NOT NULL,
        guardian_subject text NOT NULL,
        basis text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (student_id, guardian_subject)
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE student_guardian`);
  }
}

/**
 * The gateway's last result code on each order, and for a failed attempt the reason the family
 * is shown (MoMo's result codes, `channels/domain/momo-results.ts`).
 */
export class PaymentsGatewayResults1732400004000 implements MigrationInterface {
  name = 'PaymentsGatewayResults1732400004000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE gateway_order ADD COLUMN result_code text, ADD COLUMN failure_reason text`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway_order DROP COLUMN result_code, DROP COLUMN failure_reason`);
  }
}

/**
 * The invoice lines each payment settled (receipt lines, published in payment.received v2).
 * Payments booked before this migration have none recorded (`[]`).
 */
export class PaymentsSettledLines1732400005000 implements MigrationInterface {
  name = 'PaymentsSettledLines1732400005000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE payment ADD COLUMN settled_lines jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP COLUMN settled_lines`);
  }
}

/**
 * Each school's own collection account (tài khoản thu): the VietQR of its invoices names it.
 * One row per school; every change kept in the history table.
 */
export class PaymentsSchoolCollectionAccounts1732400006000 implements MigrationInterface {
  name = 'PaymentsSchoolCollectionAccounts1732400006000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE school_collection_account (
        school_id uuid PRIMARY KEY,
        bank_bin text NOT NULL CHECK (bank_bin ~ '^[0-9]{6}$'),
        account_number text NOT NULL CHECK (account_number ~ '^[0-9]{6,19}$'),
        account_name text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE school_collection_account_history (
        school_id uuid NOT NULL,
        bank_bin text NOT NULL,
        account_number text NOT NULL,
        account_name text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX school_collection_account_history_school ON school_collection_account_history (school_id, updated_at)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school_collection_account_history`);
    await q.query(`DROP TABLE school_collection_account`);
  }
}

export const paymentsMigrations = [
  PaymentsTables1732400001000,
  PaymentsEntitlements1732400002000,
  PaymentsGuardians1732400003000,
  PaymentsGatewayResults1732400004000,
  PaymentsSettledLines1732400005000,
  PaymentsSchoolCollectionAccounts1732400006000,
];
