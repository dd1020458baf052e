import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@qn/auth';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { KpiConfig } from '../../config';
import { dashboardHtml } from './dashboard.html';

/**
 * The dashboard page. The page itself is public; every number on it comes from the API with the
 * user's bearer token, which the page gets by signing in at the OpenID Provider
 * (DASHBOARD_OIDC_ISSUER, authorization code + PKCE in the browser) and keeps in sessionStorage.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly html: string;
  private readonly csp: string;

  constructor(
    @Inject(SERVICE_CONFIG)
    config: Pick<KpiConfig, 'DASHBOARD_OIDC_ISSUER' | 'DASHBOARD_OIDC_CLIENT_ID'>,
  ) {
    const issuer = config.DASHBOARD_OIDC_ISSUER?.replace(/\/$/, '');
    this.html = dashboardHtml(
      issuer ? { issuer, clientId: config.DASHBOARD_OIDC_CLIENT_ID ?? 'qn-dashboard' } : null,
    );
    // The page talks to its own API and to the provider's discovery and token endpoints.
    const connect = issuer ? `'self' ${new URL(issuer).origin}` : "'self'";
    this.csp = `default-src 'self'; connect-src ${connect}; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'`;
  }

  @Public()
  @Get()
  page(@Res() res: Response): void {
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': this.csp,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      })
      .send(this.html);
  }
}
