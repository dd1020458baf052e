import { resolve } from 'node:path';
import type { RecordsConfig } from '../../config';
import { HttpRecordsSectorDatabase } from './http-records-sector-database';
import { LocalRecordsSectorDatabase } from './local-records-sector-database';
import type { RecordsSectorDatabase } from './records-sector-database';

/** The configured sector database: the local folder (SECTOR_DATABASE=local) or its HTTP API. */
export function sectorDatabaseFor(config: RecordsConfig): RecordsSectorDatabase {
  if (config.SECTOR_DATABASE === 'http')
    return new HttpRecordsSectorDatabase({
      baseUrl: config.SECTOR_DATABASE_URL!,
      apiKey: config.SECTOR_DATABASE_API_KEY!,
      timeoutMs: config.SECTOR_DATABASE_TIMEOUT_MS,
      maxBatch: config.SECTOR_MAX_BATCH,
    });
  return new LocalRecordsSectorDatabase(
    resolve(config.SECTOR_DATABASE_DIR),
    undefined,
    config.SECTOR_MAX_BATCH,
  );
}
