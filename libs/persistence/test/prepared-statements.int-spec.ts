import { createTestDatabase, TestDatabase } from '@qn/testing';
import { DataSource } from 'typeorm';
import { createServiceDataSource, StatementNames } from '../src';

describe('named prepared statements', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  const open = async (preparedStatements?: boolean) => {
    const ds = createServiceDataSource({
      url: db.url,
      schema: 'public',
      entities: [],
      migrations: [],
      poolSize: 1, // one connection: pg_prepared_statements shows what it holds
      preparedStatements,
    });
    await ds.initialize();
    sources.push(ds);
    return ds;
  };
  const prepared = async (ds: DataSource) =>
    (
      (await ds.query(
        `SELECT statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY statement`,
      )) as Array<{ statement: string }>
    ).map((r) => r.statement);

  beforeAll(async () => {
    db = await createTestDatabase('prepared');
  });
  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await db.drop();
  });

  it('prepares each parameterised query once per connection and answers as before', async () => {
    const ds = await open();
    await ds.query(`CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL)`);
    for (let i = 1; i <= 3; i++)
      await ds.query(`INSERT INTO item (id, label) VALUES ($1, $2)`, [i, `Mục ${i}`]);
    const rows = await ds.query(`SELECT label FROM item WHERE id = $1`, [2]);
    expect(rows).toEqual([{ label: 'Mục 2' }]);
    // Inside a transaction, through TypeORM's query runner, as repositories use it.
    await ds.transaction(async (tx) => {
      await tx.query(`UPDATE item SET label = $1 WHERE id = $2`, ['Mục hai', 2]);
    });
    expect(await ds.query(`SELECT label FROM item WHERE id = $1`, [2])).toEqual([
      { label: 'Mục hai' },
    ]);

    // Three texts with parameters, each prepared once; the unparameterised DDL is not.
    expect(await prepared(ds)).toEqual([
      'INSERT INTO item (id, label) VALUES ($1, $2)',
      'SELECT label FROM item WHERE id = $1',
      'UPDATE item SET label = $1 WHERE id = $2',
    ]);
  });

  it('a failing statement does not poison the connection', async () => {
    const ds = sources[0];
    await expect(ds.query(`SELECT label FROM missing_table WHERE id = $1`, [1])).rejects.toThrow(
      /missing_table/,
    );
    await expect(
      ds.query(`INSERT INTO item (id, label) VALUES ($1, $2)`, [1, 'x']),
    ).rejects.toThrow(/duplicate key/);
    expect(await ds.query(`SELECT count(*)::int AS n FROM item WHERE id > $1`, [0])).toEqual([
      { n: 3 },
    ]);
  });

  it('can be turned off (for a transaction-pooling proxy)', async () => {
    const ds = await open(false);
    expect(await ds.query(`SELECT label FROM item WHERE id = $1`, [1])).toEqual([
      { label: 'Mục 1' },
    ]);
    expect(await prepared(ds)).toEqual([]);
  });

  it('names at most `cap` distinct texts, then runs the rest unnamed', () => {
    const names = new StatementNames(2);
    expect(names.nameFor('SELECT $1')).toBe('qn_0');
    expect(names.nameFor('SELECT $1, $2')).toBe('qn_1');
    expect(names.nameFor('SELECT $1')).toBe('qn_0');
    expect(names.nameFor('SELECT $1, $2, $3')).toBeUndefined();
  });
});
