import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Policy } from '@qn/auth';
import { NotFound } from '@qn/contracts';
import { READ_CERTIFIED_COPY } from '../../shared/access/policies';
import { CertifiedCopiesRepository } from '../certified-copies.repository';
import { renderCertifiedCopyPdf } from '../render-certified-copy/render-certified-copy';

@ApiTags('certified-copies')
@ApiBearerAuth()
@Controller('certified-copies')
export class DownloadCertifiedCopyController {
  constructor(private readonly copies: CertifiedCopiesRepository) {}

  /** The certified copy as an A4 PDF, as the register stood when it was issued (access-logged). */
  @Get(':copyId/pdf')
  @Policy(READ_CERTIFIED_COPY)
  @ApiProduces('application/pdf')
  async pdf(@Param('copyId', new ParseUUIDPipe()) copyId: string, @Res() res: Response) {
    const copy = await this.copies.find(copyId);
    if (!copy) throw new NotFound('certified-copy-not-found', 'No certified copy has this id');
    const pdf = await renderCertifiedCopyPdf({
      entry: copy.entry,
      copyNumber: copy.copyNumber,
      place: 'Quảng Ninh',
      issuedAt: copy.issuedAt,
    });
    res
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="ban-sao-${copy.id}.pdf"`,
        'Cache-Control': 'no-store',
      })
      .send(pdf);
  }
}
