import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policy, Reach } from '@qn/auth';
import { ProjectionsDoc } from './generation.openapi';
import { GenerationStatus, RebuildProjectionService } from './rebuild-projection.service';

/** The projection's state and its rebuild (province staff only). */
@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class RebuildProjectionController {
  constructor(private readonly projections: RebuildProjectionService) {}

  /** The active generation (version, events applied, lag, held events) and one being rebuilt with its progress. */
  @Get()
  @ApiOkResponse({ type: ProjectionsDoc })
  @Policy({ action: 'read', resource: 'projection', users: { province: Reach.All } })
  async status(): Promise<{ generations: GenerationStatus[] }> {
    return { generations: await this.projections.status() };
  }

  /** Replays the topics from the beginning into a shadow generation, swapped in when caught up. */
  @Post('rebuild')
  @HttpCode(202)
  @Policy({ action: 'rebuild', resource: 'projection', users: { province: Reach.All } })
  async rebuild(): Promise<GenerationStatus> {
    return this.projections.startRebuild();
  }
}
