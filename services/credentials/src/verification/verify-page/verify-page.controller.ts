import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@qn/auth';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../../config';
import { VERIFY_PAGE_CSS } from './verify-page.style';
import { verifyPageHtml } from './verify-page.html';
import { VERIFY_PAGE_JS } from './verify-page.script';

/**
 * Nothing but this service's own script, stylesheet and API: no inline code, no outside
 * resources, no framing, no form posting elsewhere.
 */
export const VERIFY_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'Content-Security-Policy': VERIFY_PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The public verification page (no token): where a diploma's QR code leads
 * (`/verify?c=…&h=…`) and where an employer or a university checks a diploma they were given.
 * The page only shows what `/verification` answers.
 */
@ApiTags('verification')
@Controller('verify')
export class VerifyPageController {
  private readonly html: string;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<CredentialsConfig, 'CREDENTIALS_PUBLIC_URL'>) {
    this.html = verifyPageHtml(new URL(config.CREDENTIALS_PUBLIC_URL).pathname.replace(/\/+$/, ''));
  }

  /** The page, in Vietnamese (HTML). */
  @Get()
  @Public()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the verification page (HTML)' })
  page(@Res() res: Response): void {
    res
      .status(200)
      .set({ ...HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' })
      .send(this.html);
  }

  @Get('assets/verify-page.js')
  @Public()
  @ApiExcludeEndpoint()
  script(@Res() res: Response): void {
    res
      .status(200)
      .set({
        ...HEADERS,
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
      })
      .send(VERIFY_PAGE_JS);
  }

  @Get('assets/verify-page.css')
  @Public()
  @ApiExcludeEndpoint()
  stylesheet(@Res() res: Response): void {
    res
      .status(200)
      .set({
        ...HEADERS,
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
      })
      .send(VERIFY_PAGE_CSS);
  }
}
