import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob, SERVICE_CONFIG } from '@qn/service-kit';
import { KpiConfig } from '../../config';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { RebuildProjectionService } from '../rebuild-projection/rebuild-projection.service';
import { createGenerationTables, projectionState, tablesOf } from '../projection.repository';
import { HeldEventsService } from './held-events.service';
import { ProjectionConsumers } from './projection-consumers';

/**
 * Runs the projection: the consumers of the active generation (and of one being built), and
 * every KPI_PARK_CHECK_MS the held events and the rebuild's progress. One instance per
 * deployment (the rebuild monitor and the held-event loop are not shared).
 */
@Injectable()
export class ProjectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projection');
  private housekeeping?: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly consumers: ProjectionConsumers,
    private readonly held: HeldEventsService,
    private readonly rebuild: RebuildProjectionService,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
    @Inject(SERVICE_CONFIG) private readonly config: KpiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.initialise();
    const s = await projectionState(this.ds.manager);
    await this.consumers.start(s.active);
    if (s.building !== null) await this.consumers.start(s.building);
    this.housekeeping = new PeriodicJob(
      this.config.KPI_PARK_CHECK_MS,
      async () => {
        await this.held.checkParked();
        await this.rebuild.checkRebuild();
      },
      (e) => this.logger.warn(`projection housekeeping: ${e.message}`),
      'projection housekeeping',
    );
    this.housekeeping.start();
    // Groups of generations retired before: a swap whose deletion failed, or one made by an
    // older version, which kept them. In the background: Kafka may not answer yet.
    void this.rebuild.deleteRetiredGroups();
  }

  /** Generation 1 on a new database. */
  private async initialise(): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kpi-aggregator.projection'))`);
      const [state] = await tx.query(`SELECT 1 FROM projection_state WHERE id = 1`);
      if (state) return;
      await createGenerationTables(tx, 1);
      await tx.query(
        `INSERT INTO projection_generation (generation, status, catalogue_fingerprint, activated_at) VALUES (1, 'active', $1, now())`,
        [this.cat.projection.fingerprint],
      );
      await tx.query(`INSERT INTO projection_state (id, active_generation) VALUES (1, 1)`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.housekeeping?.stop();
    await this.consumers.stopAll();
    await this.rebuild.close();
  }

  /** Table names of a generation, for the query side. */
  tables(g: number) {
    return tablesOf(g);
  }
}
