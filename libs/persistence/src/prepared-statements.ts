import { Client, QueryConfig } from 'pg';

/**
 * Named prepared statements for every parameterised query.
 *
 * TypeORM sends each query as an unnamed statement, so PostgreSQL parses and analyses the same
 * SQL text on every execution; on the platform's hot paths (a submission, a payment callback)
 * that was about half of the database's CPU per request. node-postgres prepares a statement
 * once per connection when the query carries a `name` and reuses it afterwards; this client
 * gives each distinct parameterised SQL text a stable name, so every pooled connection parses
 * it once.
 *
 * Only queries with parameters are named: they are the repeated, application-shaped ones.
 * Statements without parameters (BEGIN, COMMIT, DDL of migrations) go as before. The number of
 * names is capped, so SQL built with a variable number of placeholders cannot make each
 * connection hold an unbounded number of statements; past the cap, queries run unnamed.
 * Behind a transaction-pooling proxy (PgBouncer in transaction mode) named statements are not
 * safe: set `preparedStatements: false` (`DB_PREPARED_STATEMENTS=false`).
 */
export const MAX_NAMED_STATEMENTS = 1000;

/** Stable statement names for SQL texts, up to a cap. */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly cap = MAX_NAMED_STATEMENTS) {}

  /** The name for this SQL text, or undefined once `cap` texts have names. */
  nameFor(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.cap) {
      name = `qn_${this.names.size}`;
      this.names.set(text, name);
    }
    return name;
  }
}

// One set per process: a name means the same text on every connection of every pool.
const processStatementNames = new StatementNames();

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];

export class PreparingClient extends Client {
  // pg's `query` has many overloads; this one only rewrites (text, values[]) without a callback.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [config, values, callback] = args as QueryArgs;
    if (
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined
    ) {
      const name = processStatementNames.nameFor(config);
      if (name !== undefined) {
        const named: QueryConfig = { name, text: config, values };
        return super.query(named);
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.query as (...a: any[]) => any)(...args);
  }
}
