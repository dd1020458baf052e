import { ParameterFreeQueryLogger } from './query-logger';

describe('ParameterFreeQueryLogger', () => {
  it('logs a failed query with its code and constraint, never its parameters or quoted values', () => {
    const lines: string[] = [];
    const logger = new ParameterFreeQueryLogger((l) => lines.push(l));
    const err = Object.assign(
      new Error('duplicate key value violates unique constraint "application_one_active"'),
      {
        code: '23505',
        table: 'application',
        constraint: 'application_one_active',
      },
    );
    logger.logQueryError(err, 'INSERT INTO application (id, applicant_name)\n  VALUES ($1, $2)', [
      'id',
      'Nguyễn Thị Bích Ngọc',
    ]);
    logger.logQueryError(new Error('invalid input syntax for type date: "2020-01-17"'), 'SELECT 1');
    expect(lines).toEqual([
      'query failed (code=23505 table=application constraint=application_one_active): duplicate key value violates unique constraint "…" — INSERT INTO application (id, applicant_name) VALUES ($1, $2)',
      'query failed: invalid input syntax for type date: "…" — SELECT 1',
    ]);
  });
});
