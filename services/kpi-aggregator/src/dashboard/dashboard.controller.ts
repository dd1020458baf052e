import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@qn/auth';
import { DASHBOARD_HTML } from './dashboard.html';

/**
 * The dashboard page. The page itself is public; every number on it comes from the API with the
 * user's bearer token (taken from the URL fragment, which never reaches the server).
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header(
    'Content-Security-Policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
  )
  page(): string {
    return DASHBOARD_HTML;
  }
}
