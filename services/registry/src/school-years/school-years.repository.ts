import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SchoolYear } from './domain/school-year';

interface SchoolYearRow {
  id: string;
  code: string;
  starts_on: string;
  ends_on: string;
  terms: SchoolYear['terms'];
  revision: number;
}

/** Persistence of `school_year`. */
@Injectable()
export class SchoolYearRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Inserts a new year; false when a year with its code already exists. */
  async insert(year: SchoolYear, tx: EntityManager): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO school_year (id, code, starts_on, ends_on, terms, revision) VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [year.id, year.code, year.startsOn, year.endsOn, JSON.stringify(year.terms)],
    );
    return inserted.length > 0;
  }

  /** Every school year, by code. */
  async list(): Promise<SchoolYear[]> {
    const rows: SchoolYearRow[] = await this.ds.query(
      `SELECT id, code, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, terms, revision FROM school_year ORDER BY code`,
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      terms: r.terms,
      revision: r.revision,
    }));
  }
}
