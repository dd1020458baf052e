import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@qn/auth';
import { NotFound } from '@qn/contracts';
import { StatusListsRepository } from '../status-lists.repository';

@ApiTags('verification')
@Controller('status-lists')
export class ServeStatusListController {
  constructor(private readonly lists: StatusListsRepository) {}

  /**
   * A Bitstring Status List credential (public, W3C Bitstring Status List v1.0): 131,072
   * revocation or suspension bits, GZIP-compressed and base64url-encoded, signed by the
   * authority. Verifiers fetch it whole, so it says nothing about which credential they check.
   * Cached for a minute: a revocation shows within that.
   */
  @Get(':listId')
  @Public()
  async list(@Param('listId', new ParseUUIDPipe()) listId: string, @Res() res: Response) {
    const list = await this.lists.credential(listId);
    if (!list) throw new NotFound('status-list-not-found', 'No status list has this id');
    res
      .status(200)
      .set({
        'Content-Type': 'application/vc+ld+json; charset=utf-8',
        'Cache-Control': 'public, max-age=60',
        'Last-Modified': list.updatedAt.toUTCString(),
      })
      .send(JSON.stringify(list.credential));
  }
}
