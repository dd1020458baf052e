import { readFileSync, statSync } from 'node:fs';
import type { IdentityCheckResult } from '@qn/contracts';
import {
  IdentityAnswer,
  IdentityQuery,
  IdentityServiceUnavailable,
  IdentityVerifier,
} from '../identity-verifier';
import { PortLog, SILENT_LOG } from '../port-log';
import { checkIdentityBatch } from './identity-batch';
import { comparableName } from './identity-names';

/** A person as the register holds them. */
export interface RegisterPerson {
  personalId: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

/**
 * The demo and test stand-in for the national population database: a list of persons, in
 * memory or from a CSV file (`IDENTITY_REGISTER_FILE`), answering like the real register:
 * verified when the id is held with the same name (see `comparableName`) and date of birth,
 * mismatch when held with another, not-found otherwise.
 *
 * The file: UTF-8 (a BOM is allowed), comma-separated, a header row
 * `personal_id,full_name,date_of_birth` (columns in any order, other columns ignored), then one
 * person a row; a value with a comma or quote is double-quoted (RFC 4180). Dates YYYY-MM-DD.
 * The file is read again when it changes; while it is missing or unreadable the register is
 * unavailable (as the real one is when unreachable), which is how a test or the demo simulates
 * an outage of a running service. `setAvailable(false)` does the same in memory.
 */
export class LocalPopulationRegister implements IdentityVerifier {
  readonly provider = 'local-population-register';
  private persons = new Map<string, RegisterPerson>();
  private available = true;
  private loadedVersion = '';

  constructor(
    persons: readonly RegisterPerson[] = [],
    readonly maxBatch = 100,
    private readonly file?: string,
    private readonly log: PortLog = SILENT_LOG,
  ) {
    for (const p of persons) this.add(p);
  }

  /** A register read from a CSV file (read now, and again whenever it changes). */
  static fromFile(
    file: string,
    maxBatch = 100,
    log: PortLog = SILENT_LOG,
  ): LocalPopulationRegister {
    const register = new LocalPopulationRegister([], maxBatch, file, log);
    register.reload();
    return register;
  }

  add(person: RegisterPerson): void {
    this.persons.set(person.personalId, {
      ...person,
      fullName: person.fullName.normalize('NFC'),
    });
  }

  get size(): number {
    return this.persons.size;
  }

  /** Simulates an outage (false) and the recovery (true). */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  async verify(batch: IdentityQuery[]): Promise<IdentityAnswer[]> {
    checkIdentityBatch(batch, this.maxBatch);
    if (!this.available)
      throw new IdentityServiceUnavailable('the local population register is switched off');
    if (this.file) this.reload();
    const answers = batch.map((q) => ({ ref: q.ref, result: this.answer(q) }));
    this.log.debug(`answered ${answers.length} identity queries`);
    return answers;
  }

  private answer(q: IdentityQuery): IdentityCheckResult {
    const held = this.persons.get(q.personalId.trim());
    if (!held) return 'not-found';
    return comparableName(held.fullName) === comparableName(q.fullName) &&
      held.dateOfBirth === q.dateOfBirth
      ? 'verified'
      : 'mismatch';
  }

  /** Reads the file again when its size or time changed; unavailable while it cannot be read. */
  private reload(): void {
    const file = this.file!;
    let text: string;
    try {
      const st = statSync(file);
      const version = `${st.size}:${st.mtimeMs}`;
      if (version === this.loadedVersion) return;
      text = readFileSync(file, 'utf8');
      this.loadedVersion = version;
    } catch (err) {
      this.loadedVersion = '';
      this.log.warn(
        `identity register file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      throw new IdentityServiceUnavailable('the identity register file cannot be read');
    }
    const persons = parseRegisterCsv(text);
    this.persons = new Map();
    for (const p of persons) this.add(p);
    this.log.debug(`identity register file loaded: ${persons.length} persons`);
  }
}

/** Parses the register file (shape above). Throws naming the line, never its content. */
export function parseRegisterCsv(text: string): RegisterPerson[] {
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`identity register file: the header has no ${name} column`);
    return i;
  };
  const [pid, name, dob] = [col('personal_id'), col('full_name'), col('date_of_birth')];
  const out: RegisterPerson[] = [];
  rows.forEach((r, i) => {
    if (r.every((v) => v.trim() === '')) return;
    const person = {
      personalId: (r[pid] ?? '').trim(),
      fullName: (r[name] ?? '').trim(),
      dateOfBirth: (r[dob] ?? '').trim(),
    };
    if (
      !/^\d{12}$/.test(person.personalId) ||
      !person.fullName ||
      !/^\d{4}-\d{2}-\d{2}$/.test(person.dateOfBirth)
    )
      throw new Error(
        `identity register file: line ${i + 2} is not a person (12-digit id, name, YYYY-MM-DD)`,
      );
    out.push(person);
  });
  return out;
}

/** RFC 4180 rows: quoted values may hold commas, quotes ("") and line breaks. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(value);
      value = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += c;
  }
  if (value !== '' || row.length) {
    row.push(value);
    rows.push(row);
  }
  return rows;
}
