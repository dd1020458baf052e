import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Policy } from '@qn/auth';
import { NotFound } from '@qn/contracts';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../../config';
import { READ_DIPLOMA_PDF } from '../../shared/access/policies';
import { qrLink } from '../../verification/domain/presented-input';
import { DiplomasRepository } from '../diplomas.repository';
import { renderDiplomaPdf } from '../render-diploma-pdf/render-diploma-pdf';

/** Where the province's diplomas are dated (nơi cấp): the credential names the authority, not the town. */
const PLACE_OF_ISSUE = 'Quảng Ninh';

@ApiTags('diplomas')
@ApiBearerAuth()
@Controller('credentials')
export class DownloadDiplomaPdfController {
  constructor(
    private readonly repo: DiplomasRepository,
    @Inject(SERVICE_CONFIG) private readonly config: CredentialsConfig,
  ) {}

  /**
   * The diploma as an A4 landscape PDF, printed from the stored signed credential, with a QR code
   * of its verification link and the credential attached as credential.json.
   */
  @Get(':credentialId/pdf')
  @Policy(READ_DIPLOMA_PDF)
  @ApiProduces('application/pdf')
  async pdf(
    @Param('credentialId', new ParseUUIDPipe()) credentialId: string,
    @Res() res: Response,
  ): Promise<void> {
    const stored = await this.repo.credential(credentialId);
    if (!stored) throw new NotFound('credential-not-found', 'No credential has this id');
    const pdf = await renderDiplomaPdf({
      credential: stored.document,
      verificationUrl: qrLink(
        `${this.config.CREDENTIALS_PUBLIC_URL}/verify`,
        credentialId,
        stored.hash,
      ),
      place: PLACE_OF_ISSUE,
      renderedAt: new Date(),
    });
    res
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        // The id, not the holder's name: file names end up in logs and download folders.
        'Content-Disposition': `attachment; filename="van-bang-${credentialId}.pdf"`,
        'Cache-Control': 'no-store',
      })
      .send(pdf);
  }
}
