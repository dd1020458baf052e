import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's logger for the platform: failed queries are logged with the statement and the
 * PostgreSQL error code, never with their parameters (an application's insert carries a child's
 * name and date of birth; a unique violation on it must not copy them into the logs). Nothing
 * else is logged: successful queries would be noise, and migrations report through the CLI.
 */
export class ParameterFreeQueryLogger implements TypeOrmLogger {
  constructor(private readonly write: (line: string) => void = (l) => console.error(l)) {}

  logQueryError(error: string | Error, query: string, _parameters?: unknown): void {
    const e = (typeof error === 'object' ? error : {}) as Record<string, unknown>;
    // PostgreSQL quotes the offending value in some messages (invalid input syntax for type
    // date: "…"): quoted parts are dropped; the schema names come from the error's own fields.
    const message = (typeof error === 'string' ? error : error.message).replace(/"[^"]*"/g, '"…"');
    const where = ['code', 'table', 'column', 'constraint']
      .filter((k) => typeof e[k] === 'string')
      .map((k) => `${k}=${String(e[k])}`)
      .join(' ');
    this.write(`query failed${where ? ` (${where})` : ''}: ${message} — ${oneLine(query)}`);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.write(`typeorm: ${String(message)}`);
  }
}

function oneLine(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  return q.length > 300 ? `${q.slice(0, 300)}…` : q;
}
