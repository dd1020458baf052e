import { DataSource } from 'typeorm';
import { connectAndMigrate } from '../data-source';

/**
 * Body of a service's `migrate` command: `node dist/cli/migrate.js [run|revert|show]`.
 * Services also migrate at start (MIGRATE_ON_START, default on); operators who prefer a
 * separate step run this instead.
 */
export async function runMigrationCli(
  ds: DataSource,
  command = process.argv[2] ?? 'run',
): Promise<number> {
  try {
    if (command === 'run') {
      const applied = await connectAndMigrate(ds);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    } else if (command === 'revert') {
      await connectAndMigrate(ds, { runMigrations: false });
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'show') {
      await connectAndMigrate(ds, { runMigrations: false });
      const pending = await ds.showMigrations();
      console.log(pending ? 'there are pending migrations' : 'no pending migrations');
    } else {
      console.error('usage: migrate run|revert|show');
      return 2;
    }
    return 0;
  } catch (err) {
    console.error(`migrate: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}
