import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { KpiConfig } from '../../config';
import { closeRenderPool, configureRenderPool } from './render-pool';

/** Sizes the report render pool from the configuration and stops its threads on shutdown. */
@Injectable()
export class RenderPoolLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: Partial<KpiConfig>) {}

  onModuleInit(): void {
    configureRenderPool({
      threads: this.config.REPORT_RENDER_THREADS ?? 1,
      queue: this.config.REPORT_RENDER_QUEUE ?? 8,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRenderPool();
  }
}
