import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@qn/auth';
import { NotFound } from '@qn/contracts';
import { AuthorityRegistry } from '../authority-registry';

@ApiTags('verification')
@Controller('issuers')
export class ServeIssuerController {
  constructor(private readonly registry: AuthorityRegistry) {}

  /**
   * An issuing authority's controller document (public): its name and every public key it signs
   * diplomas with (Multikey, `assertionMethod`). A diploma's issuer id is this URL.
   */
  @Get(':authorityId')
  @Public()
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  async issuer(@Param('authorityId', new ParseUUIDPipe()) authorityId: string) {
    const issuer = await this.registry.byAuthority(authorityId);
    if (!issuer) throw new NotFound('issuer-not-found', 'No issuing authority has this id');
    return issuer.controllerDocument;
  }
}
