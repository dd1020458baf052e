/**
 * Double-entry ledger for school fees.
 *
 * - An entry is a list of lines, each a debit OR a credit of a positive bigint amount on one
 *   account; Σ debits = Σ credits in every entry. `postEntry` refuses anything else.
 * - Entries are append-only and frozen. Balances are a fold over the entries (the ledger keeps
 *   the fold incrementally; `foldBalances(ledger.entries)` always gives the same numbers).
 *   Nothing is ever edited: a mistake is corrected by a reversing entry.
 * - Balances are reported debit-positive (Σ debit − Σ credit). Liability and income accounts
 *   therefore show negative numbers; `studentPosition` turns them into plain amounts.
 *
 * Accounts:
 *   receivable:<student>       asset      what the family owes
 *   credit:<student>           liability  money of the family held for later (overpayment)
 *   refundsPayable:<student>   liability  refunds approved, not yet paid out
 *   cashInTransit:<channel>    asset      collected by VietQR/VNPay/MoMo/bank, not yet settled
 *   cashDesk                   asset      cash taken at the school desk
 *   bank                       asset      the school's collection account
 *   feeIncome:<kind>           income     tuition / healthInsurance / service billed
 *   entitlementSubsidy         expense    exemptions and supports, compensated by the budget
 *
 * Student invariant kept by every operation ("normal form"): receivable ≥ 0, credit ≥ 0 and
 * never both positive — an overpayment moves to credit (credit carried forward), and a new
 * invoice first consumes the credit (credit applied). Hence for every student
 *   receivable − credit = invoiced − entitlements − paid + refunded
 * where cancelled invoices and their entitlements are excluded and "refunded" counts approved
 * refunds (money leaving the family's credit).
 */
import { assertIsoDate, IsoDate, Vnd } from '../../shared/money';

export type Channel = 'vietqr' | 'vnpay' | 'momo' | 'bankTransfer' | 'cash';
export const CHANNELS: readonly Channel[] = ['vietqr', 'vnpay', 'momo', 'bankTransfer', 'cash'];
export type FeeIncomeKind = 'tuition' | 'healthInsurance' | 'service';

export type AccountId = string;

export const Account = {
  receivable: (studentId: string): AccountId => `receivable:${studentId}`,
  credit: (studentId: string): AccountId => `credit:${studentId}`,
  refundsPayable: (studentId: string): AccountId => `refundsPayable:${studentId}`,
  cashInTransit: (channel: Exclude<Channel, 'cash'>): AccountId => `cashInTransit:${channel}`,
  cashDesk: 'cashDesk' as AccountId,
  bank: 'bank' as AccountId,
  feeIncome: (kind: FeeIncomeKind): AccountId => `feeIncome:${kind}`,
  entitlementSubsidy: 'entitlementSubsidy' as AccountId,
} as const;

/** Where a payment through `channel` lands first. Cash goes to the desk; the rest in transit. */
export function collectionAccount(channel: Channel): AccountId {
  return channel === 'cash' ? Account.cashDesk : Account.cashInTransit(channel);
}

export type EntryKind =
  | 'invoiceIssued'
  | 'entitlementApplied'
  | 'paymentReceived'
  | 'creditApplied'
  | 'creditCarriedForward'
  | 'settlement'
  | 'refundApproved'
  | 'refundPaid'
  | 'invoiceCancelled';

export type EntryLine =
  | { readonly account: AccountId; readonly debit: Vnd; readonly credit?: undefined }
  | { readonly account: AccountId; readonly credit: Vnd; readonly debit?: undefined };

export interface EntryDraft {
  entryId: string;
  date: IsoDate;
  kind: EntryKind;
  memo?: string;
  /** Business references (studentId, invoiceId, channel, paymentId, …) for lookups and audit. */
  refs?: Readonly<Record<string, string>>;
  lines: readonly EntryLine[];
}

export interface JournalEntry extends Readonly<EntryDraft> {
  readonly sequence: number;
  readonly refs: Readonly<Record<string, string>>;
  readonly lines: readonly EntryLine[];
}

export type LedgerErrorCode =
  | 'unbalanced'
  | 'invalidLine'
  | 'duplicateEntry'
  | 'unknownInvoice'
  | 'invoiceCancelled'
  | 'amountTooLarge'
  | 'invalidCommand';

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** Throws a LedgerError unless the draft is a well-formed balanced entry. */
export function validateEntry(draft: EntryDraft): void {
  if (!draft.entryId) throw new LedgerError('invalidCommand', 'entry needs an id');
  assertIsoDate(draft.date, 'entry date');
  if (!Array.isArray(draft.lines) || draft.lines.length < 2) {
    throw new LedgerError('invalidLine', `entry ${draft.entryId} needs at least two lines`);
  }
  let debits = 0n;
  let credits = 0n;
  for (const line of draft.lines) {
    const hasDebit = line.debit !== undefined;
    const hasCredit = line.credit !== undefined;
    if (!line.account)
      throw new LedgerError('invalidLine', `line without account in ${draft.entryId}`);
    if (hasDebit === hasCredit) {
      throw new LedgerError(
        'invalidLine',
        `line on ${line.account} must have exactly one of debit or credit`,
      );
    }
    const amount = hasDebit ? line.debit : line.credit;
    if (typeof amount !== 'bigint') {
      throw new LedgerError(
        'invalidLine',
        `amount on ${line.account} must be a bigint number of đồng`,
      );
    }
    if (amount <= 0n)
      throw new LedgerError('invalidLine', `amount on ${line.account} must be positive`);
    if (hasDebit) debits += amount;
    else credits += amount;
  }
  if (debits !== credits) {
    throw new LedgerError(
      'unbalanced',
      `entry ${draft.entryId}: debits ${debits} ≠ credits ${credits}`,
    );
  }
}

function freezeEntry(draft: EntryDraft, sequence: number): JournalEntry {
  const lines = Object.freeze(
    draft.lines.map((l) =>
      Object.freeze(
        l.debit !== undefined
          ? { account: l.account, debit: l.debit }
          : { account: l.account, credit: l.credit! },
      ),
    ),
  );
  return Object.freeze({
    entryId: draft.entryId,
    date: draft.date,
    kind: draft.kind,
    ...(draft.memo !== undefined ? { memo: draft.memo } : {}),
    refs: Object.freeze({ ...(draft.refs ?? {}) }),
    lines,
    sequence,
  });
}

/** Balances (debit-positive) of every account touched by `entries`. */
export function foldBalances(entries: Iterable<JournalEntry>): Map<AccountId, Vnd> {
  const balances = new Map<AccountId, Vnd>();
  for (const e of entries) {
    for (const l of e.lines) {
      const delta = l.debit !== undefined ? l.debit : -l.credit!;
      balances.set(l.account, (balances.get(l.account) ?? 0n) + delta);
    }
  }
  return balances;
}

export class Ledger {
  readonly #entries: JournalEntry[] = [];
  readonly #ids = new Set<string>();
  readonly #balances = new Map<AccountId, Vnd>();
  readonly #byRef = new Map<string, JournalEntry[]>();

  /** Validates and appends one entry. */
  postEntry(draft: EntryDraft): JournalEntry {
    return this.postEntries([draft])[0]!;
  }

  /** Validates all drafts first, then appends them all (or none). */
  postEntries(drafts: readonly EntryDraft[]): JournalEntry[] {
    const ids = new Set<string>();
    for (const d of drafts) {
      validateEntry(d);
      if (this.#ids.has(d.entryId) || ids.has(d.entryId)) {
        throw new LedgerError('duplicateEntry', `entry ${d.entryId} was already posted`);
      }
      ids.add(d.entryId);
    }
    return drafts.map((d) => {
      const entry = freezeEntry(d, this.#entries.length + 1);
      this.#entries.push(entry);
      this.#ids.add(entry.entryId);
      for (const l of entry.lines) {
        const delta = l.debit !== undefined ? l.debit : -l.credit!;
        this.#balances.set(l.account, (this.#balances.get(l.account) ?? 0n) + delta);
      }
      for (const [k, v] of Object.entries(entry.refs)) {
        const key = `${k}=${v}`;
        const list = this.#byRef.get(key);
        if (list) list.push(entry);
        else this.#byRef.set(key, [entry]);
      }
      return entry;
    });
  }

  /** A frozen snapshot of the journal, oldest first. */
  get entries(): readonly JournalEntry[] {
    return Object.freeze([...this.#entries]);
  }

  has(entryId: string): boolean {
    return this.#ids.has(entryId);
  }

  /** Debit-positive balance of one account (0 if never used). */
  balance(account: AccountId): Vnd {
    return this.#balances.get(account) ?? 0n;
  }

  /** A copy of all balances. */
  balances(): Map<AccountId, Vnd> {
    return new Map(this.#balances);
  }

  /** Entries whose refs contain `key` = `value`, oldest first. */
  entriesWithRef(key: string, value: string): readonly JournalEntry[] {
    return [...(this.#byRef.get(`${key}=${value}`) ?? [])];
  }

  /** Σ debits and Σ credits over the whole journal (always equal). */
  trialBalance(): { debits: Vnd; credits: Vnd } {
    let debits = 0n;
    let credits = 0n;
    for (const e of this.#entries) {
      for (const l of e.lines) {
        if (l.debit !== undefined) debits += l.debit;
        else credits += l.credit!;
      }
    }
    return { debits, credits };
  }
}

// ---------------------------------------------------------------------------------------------
// Student view
// ---------------------------------------------------------------------------------------------

export interface StudentPosition {
  /** What the family owes now (≥ 0). */
  receivable: Vnd;
  /** Family money held for later (≥ 0). */
  credit: Vnd;
  /** Refunds approved and not yet paid. */
  refundsPayable: Vnd;
  /** receivable − credit: positive = owes, negative = in credit. */
  net: Vnd;
}

export function studentPosition(ledger: Ledger, studentId: string): StudentPosition {
  const receivable = ledger.balance(Account.receivable(studentId));
  const credit = -ledger.balance(Account.credit(studentId));
  const refundsPayable = -ledger.balance(Account.refundsPayable(studentId));
  return { receivable, credit, refundsPayable, net: receivable - credit };
}

/** Moves the student to normal form (see module doc); returns the extra entry, if any. */
function normalizeDraft(
  ledger: Ledger,
  studentId: string,
  parentId: string,
  date: IsoDate,
): EntryDraft | undefined {
  const { receivable, net } = studentPosition(ledger, studentId);
  const targetReceivable = net > 0n ? net : 0n;
  const delta = targetReceivable - receivable;
  if (delta === 0n) return undefined;
  const r = Account.receivable(studentId);
  const c = Account.credit(studentId);
  const refs = { studentId, parent: parentId };
  if (delta > 0n) {
    // Receivable went negative (overpayment, entitlement after payment, cancellation):
    // bring it back to 0 and carry the family's money forward as credit.
    return {
      entryId: `${parentId}/credit-carried-forward`,
      date,
      kind: 'creditCarriedForward',
      memo: `Số tiền thừa chuyển thành số dư có (${delta} ₫)`,
      refs,
      lines: [
        { account: r, debit: delta },
        { account: c, credit: delta },
      ],
    };
  }
  // delta < 0: credit is available and something is owed: use the credit.
  return {
    entryId: `${parentId}/credit-applied`,
    date,
    kind: 'creditApplied',
    memo: `Cấn trừ số dư có vào khoản phải thu (${-delta} ₫)`,
    refs,
    lines: [
      { account: c, debit: -delta },
      { account: r, credit: -delta },
    ],
  };
}

/** Posts `draft`, then the normalization entry for `studentId` if one is needed. */
function postWithNormalization(
  ledger: Ledger,
  draft: EntryDraft,
  studentId: string,
): JournalEntry[] {
  validateEntry(draft);
  if (ledger.has(draft.entryId))
    throw new LedgerError('duplicateEntry', `entry ${draft.entryId} was already posted`);
  const posted = [ledger.postEntry(draft)];
  const follow = normalizeDraft(ledger, studentId, draft.entryId, draft.date);
  if (follow) posted.push(ledger.postEntry(follow));
  return posted;
}

function requirePositive(amount: Vnd, what: string): void {
  if (typeof amount !== 'bigint' || amount <= 0n) {
    throw new LedgerError('invalidCommand', `${what} must be a positive bigint amount`);
  }
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export interface InvoiceState {
  invoiceId: string;
  studentId: string;
  invoiced: Vnd;
  entitlements: Vnd;
  cancelled: boolean;
}

export function invoiceState(ledger: Ledger, invoiceId: string): InvoiceState | undefined {
  const related = ledger.entriesWithRef('invoiceId', invoiceId);
  const issued = related.find((e) => e.kind === 'invoiceIssued');
  if (!issued) return undefined;
  const sumCredits = (e: JournalEntry) =>
    e.lines.reduce(
      (s, l) => s + (l.credit !== undefined && l.account.startsWith('receivable:') ? l.credit : 0n),
      0n,
    );
  return {
    invoiceId,
    studentId: issued.refs.studentId!,
    invoiced: issued.lines.reduce((s, l) => s + (l.debit ?? 0n), 0n),
    entitlements: related
      .filter((e) => e.kind === 'entitlementApplied')
      .reduce((s, e) => s + sumCredits(e), 0n),
    cancelled: related.some((e) => e.kind === 'invoiceCancelled'),
  };
}

export interface IssueInvoice {
  invoiceId: string;
  studentId: string;
  date: IsoDate;
  lines: readonly { kind: FeeIncomeKind; amount: Vnd }[];
  memo?: string;
}

/** Dr receivable / Cr fee income per kind; then any credit of the student is applied. */
export function issueInvoice(ledger: Ledger, cmd: IssueInvoice): JournalEntry[] {
  if (cmd.lines.length === 0) throw new LedgerError('invalidCommand', 'invoice without lines');
  const totals = new Map<FeeIncomeKind, Vnd>();
  for (const l of cmd.lines) {
    requirePositive(l.amount, 'invoice line amount');
    totals.set(l.kind, (totals.get(l.kind) ?? 0n) + l.amount);
  }
  const total = [...totals.values()].reduce((a, b) => a + b, 0n);
  return postWithNormalization(
    ledger,
    {
      entryId: `invoice:${cmd.invoiceId}`,
      date: cmd.date,
      kind: 'invoiceIssued',
      memo: cmd.memo ?? `Thông báo thu ${cmd.invoiceId}`,
      refs: { invoiceId: cmd.invoiceId, studentId: cmd.studentId },
      lines: [
        { account: Account.receivable(cmd.studentId), debit: total },
        ...[...totals].map(([kind, amount]) => ({
          account: Account.feeIncome(kind),
          credit: amount,
        })),
      ],
    },
    cmd.studentId,
  );
}

export interface ApplyEntitlement {
  applicationId: string;
  invoiceId: string;
  date: IsoDate;
  amount: Vnd;
  /** The entitlement record (history id) this application comes from. */
  recordId?: string;
}

/**
 * Dr entitlement subsidy / Cr receivable. Refused above what is left of the invoice after
 * earlier entitlements. Applied after payment (a retroactive exemption), the family's money
 * moves to credit.
 */
export function applyEntitlement(ledger: Ledger, cmd: ApplyEntitlement): JournalEntry[] {
  requirePositive(cmd.amount, 'entitlement amount');
  const inv = invoiceState(ledger, cmd.invoiceId);
  if (!inv) throw new LedgerError('unknownInvoice', `no invoice ${cmd.invoiceId}`);
  if (inv.cancelled)
    throw new LedgerError('invoiceCancelled', `invoice ${cmd.invoiceId} is cancelled`);
  const room = inv.invoiced - inv.entitlements;
  if (cmd.amount > room) {
    throw new LedgerError(
      'amountTooLarge',
      `entitlement ${cmd.amount} exceeds what is left of the invoice (${room})`,
    );
  }
  return postWithNormalization(
    ledger,
    {
      entryId: `entitlement:${cmd.applicationId}`,
      date: cmd.date,
      kind: 'entitlementApplied',
      memo: `Miễn, giảm / hỗ trợ cho ${cmd.invoiceId}`,
      refs: {
        invoiceId: cmd.invoiceId,
        studentId: inv.studentId,
        ...(cmd.recordId ? { recordId: cmd.recordId } : {}),
      },
      lines: [
        { account: Account.entitlementSubsidy, debit: cmd.amount },
        { account: Account.receivable(inv.studentId), credit: cmd.amount },
      ],
    },
    inv.studentId,
  );
}

export interface ReceivePayment {
  paymentId: string;
  studentId: string;
  channel: Channel;
  amount: Vnd;
  date: IsoDate;
  /** Gateway / bank transaction id, payment code, … */
  reference?: string;
}

/**
 * Dr cash-in-transit of the channel (or cash desk) / Cr receivable. What exceeds the amount owed
 * is carried forward as credit in a second entry. A repeated paymentId is refused
 * (`duplicateEntry`), which makes gateway retries harmless.
 */
export function receivePayment(ledger: Ledger, cmd: ReceivePayment): JournalEntry[] {
  requirePositive(cmd.amount, 'payment amount');
  if (!CHANNELS.includes(cmd.channel))
    throw new LedgerError('invalidCommand', `unknown channel ${cmd.channel}`);
  return postWithNormalization(
    ledger,
    {
      entryId: `payment:${cmd.paymentId}`,
      date: cmd.date,
      kind: 'paymentReceived',
      memo: `Thu qua ${cmd.channel}`,
      refs: {
        paymentId: cmd.paymentId,
        studentId: cmd.studentId,
        channel: cmd.channel,
        ...(cmd.reference ? { reference: cmd.reference } : {}),
      },
      lines: [
        { account: collectionAccount(cmd.channel), debit: cmd.amount },
        { account: Account.receivable(cmd.studentId), credit: cmd.amount },
      ],
    },
    cmd.studentId,
  );
}

export interface Settle {
  settlementId: string;
  channel: Channel;
  amount: Vnd;
  date: IsoDate;
}

/** The channel pays out to the school's bank account (cash: the desk deposits at the bank). */
export function settle(ledger: Ledger, cmd: Settle): JournalEntry {
  requirePositive(cmd.amount, 'settlement amount');
  const from = collectionAccount(cmd.channel);
  const available = ledger.balance(from);
  if (cmd.amount > available) {
    throw new LedgerError(
      'amountTooLarge',
      `settlement ${cmd.amount} exceeds ${available} held on ${from}`,
    );
  }
  return ledger.postEntry({
    entryId: `settlement:${cmd.settlementId}`,
    date: cmd.date,
    kind: 'settlement',
    memo: `Kết chuyển ${cmd.channel} về tài khoản trường`,
    refs: { channel: cmd.channel },
    lines: [
      { account: Account.bank, debit: cmd.amount },
      { account: from, credit: cmd.amount },
    ],
  });
}

export interface ApproveRefund {
  refundId: string;
  studentId: string;
  amount: Vnd;
  date: IsoDate;
  reason: string;
}

/** Dr credit / Cr refunds payable — only from the family's credit balance. */
export function approveRefund(ledger: Ledger, cmd: ApproveRefund): JournalEntry {
  requirePositive(cmd.amount, 'refund amount');
  if (!cmd.reason.trim()) throw new LedgerError('invalidCommand', 'a refund needs a reason');
  const { credit } = studentPosition(ledger, cmd.studentId);
  if (cmd.amount > credit) {
    throw new LedgerError(
      'amountTooLarge',
      `refund ${cmd.amount} exceeds the credit balance ${credit}`,
    );
  }
  return ledger.postEntry({
    entryId: `refund-approved:${cmd.refundId}`,
    date: cmd.date,
    kind: 'refundApproved',
    memo: `Hoàn trả: ${cmd.reason}`,
    refs: { refundId: cmd.refundId, studentId: cmd.studentId },
    lines: [
      { account: Account.credit(cmd.studentId), debit: cmd.amount },
      { account: Account.refundsPayable(cmd.studentId), credit: cmd.amount },
    ],
  });
}

/** Dr refunds payable / Cr bank: the approved refund leaves the school's account. */
export function payRefund(ledger: Ledger, cmd: { refundId: string; date: IsoDate }): JournalEntry {
  const approved = ledger
    .entriesWithRef('refundId', cmd.refundId)
    .find((e) => e.kind === 'refundApproved');
  if (!approved) throw new LedgerError('invalidCommand', `refund ${cmd.refundId} was not approved`);
  const amount = approved.lines[0]!.debit!;
  const studentId = approved.refs.studentId!;
  if (ledger.balance(Account.bank) < amount) {
    throw new LedgerError('amountTooLarge', `bank balance too low to pay refund ${cmd.refundId}`);
  }
  return ledger.postEntry({
    entryId: `refund-paid:${cmd.refundId}`,
    date: cmd.date,
    kind: 'refundPaid',
    refs: { refundId: cmd.refundId, studentId },
    lines: [
      { account: Account.refundsPayable(studentId), debit: amount },
      { account: Account.bank, credit: amount },
    ],
  });
}

export interface CancelInvoice {
  invoiceId: string;
  date: IsoDate;
  reason: string;
}

/**
 * Reverses the invoice and every entitlement applied to it, line by line (debits become credits),
 * in one entry carrying the reason. Payments are not reversed: what the family paid against the
 * cancelled invoice becomes credit.
 */
export function cancelInvoice(ledger: Ledger, cmd: CancelInvoice): JournalEntry[] {
  if (!cmd.reason.trim()) throw new LedgerError('invalidCommand', 'a cancellation needs a reason');
  const inv = invoiceState(ledger, cmd.invoiceId);
  if (!inv) throw new LedgerError('unknownInvoice', `no invoice ${cmd.invoiceId}`);
  if (inv.cancelled)
    throw new LedgerError('invoiceCancelled', `invoice ${cmd.invoiceId} is already cancelled`);
  const toReverse = ledger
    .entriesWithRef('invoiceId', cmd.invoiceId)
    .filter((e) => e.kind === 'invoiceIssued' || e.kind === 'entitlementApplied');
  const lines: EntryLine[] = toReverse.flatMap((e) =>
    e.lines.map((l): EntryLine =>
      l.debit !== undefined
        ? { account: l.account, credit: l.debit }
        : { account: l.account, debit: l.credit! },
    ),
  );
  return postWithNormalization(
    ledger,
    {
      entryId: `cancel:${cmd.invoiceId}`,
      date: cmd.date,
      kind: 'invoiceCancelled',
      memo: `Hủy thông báo thu ${cmd.invoiceId}: ${cmd.reason}`,
      refs: {
        invoiceId: cmd.invoiceId,
        studentId: inv.studentId,
        reason: cmd.reason,
        reverses: toReverse.map((e) => e.entryId).join(','),
      },
      lines,
    },
    inv.studentId,
  );
}

/** Amount received per channel (for the cashless-share indicator), from the journal. */
export function receivedByChannel(ledger: Ledger): Map<Channel, Vnd> {
  const out = new Map<Channel, Vnd>();
  for (const e of ledger.entries) {
    if (e.kind !== 'paymentReceived') continue;
    const channel = e.refs.channel as Channel;
    out.set(channel, (out.get(channel) ?? 0n) + e.lines[0]!.debit!);
  }
  return out;
}

/** Share of received amount that was cashless, in basis points (10000 = 100 %), rounded half up. */
export function cashlessShareBasisPoints(ledger: Ledger): bigint | undefined {
  let total = 0n;
  let cash = 0n;
  for (const [channel, amount] of receivedByChannel(ledger)) {
    total += amount;
    if (channel === 'cash') cash += amount;
  }
  if (total === 0n) return undefined;
  const cashless = total - cash;
  return (2n * cashless * 10_000n + total) / (2n * total);
}
