import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Access, AccessContext, Policy } from '@qn/auth';
import { PageQuery } from '@qn/service-kit';
import { DIPLOMA_KINDS } from '../create-register/create-register.dto';
import { LIST_REGISTERS, registerUnits } from '../registers-access';
import { RegistersRepository, RegisterSummary } from '../registers.repository';

/** More registers than a province has books of one filter; a restricted caller's page comes from these. */
const MAX_SCANNED = 20000;

export class ListRegistersQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() schoolId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1945)
  @Max(2200)
  graduationYear?: number;

  @ApiPropertyOptional({ enum: DIPLOMA_KINDS })
  @IsOptional()
  @IsIn(DIPLOMA_KINDS)
  kind?: (typeof DIPLOMA_KINDS)[number];
}

@ApiTags('registers')
@ApiBearerAuth()
@Controller('registers')
export class ListRegistersController {
  constructor(private readonly repo: RegistersRepository) {}

  /**
   * Registers the caller reaches, with their counts (entries digitised, confirmed, disputed):
   * metadata only, no holder's data. A `schoolId` outside the caller's reach is 403.
   */
  @Get()
  @Policy(LIST_REGISTERS)
  async list(
    @Query() q: ListRegistersQuery,
    @Access() access: AccessContext,
  ): Promise<{ registers: RegisterSummary[] }> {
    if (access.unrestricted) return { registers: await this.repo.listRegisters(q) };
    // Registers are few (a book per school, year and kind): the caller's are picked from all
    // that match, then paged, so a page is full whatever the caller reaches.
    const rows = await this.repo.listRegisters({ ...q, limit: MAX_SCANNED, offset: 0 });
    // Each distinct unit is checked once against the caller's scope, as the routes on one
    // register check it.
    const reach = new Map<string, boolean>();
    const out: RegisterSummary[] = [];
    for (const r of rows) {
      const units = registerUnits(r);
      const key = units.join(',');
      if (!reach.has(key))
        reach.set(key, units.length > 0 && (await access.covers({ orgUnitIds: units })));
      if (reach.get(key)) out.push(r);
    }
    return { registers: out.slice(q.offset, q.offset + q.limit) };
  }
}
