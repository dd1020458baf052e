import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Public } from '@qn/auth';
import { InvalidInput } from '@qn/contracts';
import { AcceptsFiles } from '@qn/service-kit';
import { VerifyPresentedService, type VerificationAnswer } from './verify-presented.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH = /^[0-9a-f]{64}$/;
/** Verifiers are people and admission offices: a few a minute each, not a crawler's rate. */
const VERIFY_RATE = { default: { limit: 20, ttl: 60_000 } };

@ApiTags('verification')
@Controller('verification')
export class VerifyCredentialController {
  constructor(private readonly service: VerifyPresentedService) {}

  /**
   * Verifies a presented diploma (public, rate-limited): the credential as JSON
   * (application/json or application/vc+ld+json), the text of its QR code or the credential as
   * text (text/plain), or a photo of the QR code (image/png, image/jpeg). Always 200 with six
   * checks in order — well-formed, signature, issuer trusted, not expired, status, matches the
   * register — each passed, failed or not checked with a Vietnamese explanation.
   */
  @Post()
  @Public()
  @HttpCode(200)
  @Throttle(VERIFY_RATE)
  @AcceptsFiles('image/png', 'image/jpeg')
  @ApiConsumes(
    'application/json',
    'application/vc+ld+json',
    'text/plain',
    'image/png',
    'image/jpeg',
  )
  @ApiBody({ schema: { type: 'object', description: 'the credential, its QR text or QR image' } })
  verify(
    @Body() body: unknown,
    @Headers('content-type') contentType = '',
  ): Promise<VerificationAnswer> {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    return this.service.verifyBody(body, mediaType);
  }

  /** Where a diploma's QR code leads (public, rate-limited): the credential by its id and hash. */
  @Get()
  @Public()
  @Throttle(VERIFY_RATE)
  @ApiQuery({ name: 'c', description: 'the credential id (UUID)' })
  @ApiQuery({ name: 'h', description: 'SHA-256 (hex) of the credential, printed in the QR code' })
  byLink(@Query('c') c = '', @Query('h') h = ''): Promise<VerificationAnswer> {
    const errors = [
      ...(UUID.test(c) ? [] : [{ field: 'c', message: 'must be a credential id (UUID)' }]),
      ...(HASH.test(h) ? [] : [{ field: 'h', message: 'must be a SHA-256 in hex' }]),
    ];
    if (errors.length) throw new InvalidInput(errors);
    return this.service.verify({ kind: 'link', credentialId: c, hash: h });
  }
}
