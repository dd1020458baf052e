import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { PaymentsConfig } from '../config';

/**
 * Applies `TRUST_PROXY` to Express before the app listens: with it, `req.ip` is the client
 * address the configured proxies put in X-Forwarded-For (the web app's server forwards the
 * families' calls); without it, the connection's address. VNPay receives that address as
 * `vnp_IpAddr`.
 */
@Injectable()
export class TrustProxySetting implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly host: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    if (this.config.TRUST_PROXY === undefined) return;
    const express = this.host.httpAdapter?.getInstance() as
      { set?: (name: string, value: unknown) => void } | undefined;
    express?.set?.('trust proxy', this.config.TRUST_PROXY);
  }
}
