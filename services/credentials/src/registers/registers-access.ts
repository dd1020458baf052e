import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Reach,
  ResourceAttributes,
  ResourceLocator,
  resourceLocatorToken,
  RoutePolicy,
  UserRole,
} from '@qn/auth';

/**
 * Who keeps original registers (sổ gốc): the department every register; a commune the registers
 * of the schools it manages (`Reach.ManagedSchools`: preschools, primary and lower-secondary
 * schools, never upper-secondary ones, which the department manages: so a commune reaches only
 * lower-secondary registers). The target is the register's school (else its authority's unit).
 */
export const REGISTER_KEEPERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  commune: Reach.ManagedSchools,
};

/** …and a school's principal reads its own school's registers. Families and teachers: nothing. */
export const REGISTER_READERS: Partial<Record<UserRole, Reach>> = {
  ...REGISTER_KEEPERS,
  principal: Reach.Unit,
};

export const REGISTER = 'original-register';
export const REGISTER_ENTRY = 'register-entry';

/** Creating a register: what the body names is checked by the handler against the same scope. */
export const CREATE_REGISTER: RoutePolicy = {
  action: 'create',
  resource: REGISTER,
  users: REGISTER_KEEPERS,
};

/** Registers' metadata and counts (no personal data), optionally of one school. */
export const LIST_REGISTERS: RoutePolicy = {
  action: 'list',
  resource: REGISTER,
  users: REGISTER_READERS,
  target: { orgUnitQuery: 'schoolId' },
};

/** Importing a historic register's entries: holders' names and dates of birth. */
export const IMPORT_ENTRIES: RoutePolicy = {
  action: 'import-entries',
  resource: REGISTER,
  users: REGISTER_KEEPERS,
  target: { idParam: 'registerId' },
  personalData: true,
};

/** Reading a register's entries: every read in the access log. */
export const READ_ENTRIES: RoutePolicy = {
  action: 'read',
  resource: REGISTER,
  users: REGISTER_READERS,
  target: { idParam: 'registerId' },
  personalData: true,
};

/** Reviewing (confirming, disputing, correcting) a digitised entry against its scanned page. */
export const REVIEW_ENTRY: RoutePolicy = {
  action: 'review',
  resource: REGISTER_ENTRY,
  users: REGISTER_KEEPERS,
  target: { idParam: 'entryId' },
  personalData: true,
};

/** The org unit a register belongs to for reach and for the KPI: its school, else its authority. */
export const registerUnits = (r: { schoolId: string | null; authorityId: string | null }) =>
  r.schoolId ? [r.schoolId] : r.authorityId ? [r.authorityId] : [];

/** A register belongs to its school (or authority); one with neither only to the department. */
@Injectable()
export class RegisterLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [r]: Array<{ schoolId: string | null; authorityId: string | null }> = await this.ds.query(
      `SELECT school_id AS "schoolId", authority_id AS "authorityId" FROM original_register WHERE id = $1`,
      [id],
    );
    return r ? { orgUnitIds: registerUnits(r) } : null;
  }
}

/**
 * An entry belongs to its holder's school, else where its register does (an issued register is
 * one book per authority and year, covering many schools: each entry names its own).
 */
@Injectable()
export class RegisterEntryLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [r]: Array<{
      entrySchoolId: string | null;
      schoolId: string | null;
      authorityId: string | null;
    }> = await this.ds.query(
      `SELECT e.school_id AS "entrySchoolId", r.school_id AS "schoolId", r.authority_id AS "authorityId"
         FROM register_entry e JOIN original_register r ON r.id = e.register_id
        WHERE e.id = $1`,
      [id],
    );
    if (!r) return null;
    return { orgUnitIds: r.entrySchoolId ? [r.entrySchoolId] : registerUnits(r) };
  }
}

/** App-wide (the policy guard looks locators up across the app). */
export const registersAccessProviders = [
  { provide: resourceLocatorToken(REGISTER), useClass: RegisterLocator },
  { provide: resourceLocatorToken(REGISTER_ENTRY), useClass: RegisterEntryLocator },
];
