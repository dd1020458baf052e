import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { InvalidInput, NotFound } from '@qn/contracts';
import { Idempotent } from '@qn/service-kit';
import {
  collectionAccountProblems,
  NAPAS_BANKS,
  normalizeCollectionAccount,
} from '../domain/collection-account';
import {
  CollectionAccountRow,
  CollectionAccountsRepository,
} from './collection-accounts.repository';

export class CollectionAccountBody {
  // Checked by the domain rules (every bad field named at once), not by class-validator.
  @ApiProperty({ example: '970415', description: 'NAPAS BIN of the bank (6 digits).' })
  @Allow()
  bankBin!: string;
  @ApiProperty({ example: '113000123456', description: 'Account number, digits only.' })
  @Allow()
  accountNumber!: string;
  @ApiProperty({
    example: 'TRUONG TIEU HOC HONG GAI',
    description: 'Account name as the bank prints it: upper case, no diacritics.',
  })
  @Allow()
  accountName!: string;
}

class NoAccountSet extends NotFound {
  constructor() {
    super('no-collection-account', 'The school has no collection account yet');
  }
}

const view = (row: CollectionAccountRow) => ({
  ...row,
  bankName: NAPAS_BANKS[row.bankBin]?.name ?? null,
});

/**
 * A school's own collection account (tài khoản thu): set by its principal or office staff
 * (kế toán) or by the department; the VietQR of the school's invoices names it.
 */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('schools/:schoolId/collection-account')
export class CollectionAccountController {
  constructor(private readonly accounts: CollectionAccountsRepository) {}

  @Put()
  @Policy({
    action: 'update',
    resource: 'school-collection-account',
    users: { province: Reach.All, principal: Reach.Unit, 'school-staff': Reach.Unit },
    target: { orgUnitParam: 'schoolId' },
  })
  @Idempotent()
  async put(
    @Param('schoolId', ParseUUIDPipe) schoolId: string,
    @Body() body: CollectionAccountBody,
    @CurrentPrincipal() p: Principal,
  ) {
    const problems = collectionAccountProblems((body ?? {}) as unknown as Record<string, unknown>);
    if (problems.length) throw new InvalidInput(problems);
    return this.accounts.put(schoolId, normalizeCollectionAccount(body), p.subject, view);
  }

  @Get()
  @Policy({
    action: 'read',
    resource: 'school-collection-account',
    users: {
      province: Reach.All,
      commune: Reach.ManagedSchools,
      principal: Reach.Unit,
      'school-staff': Reach.Unit,
    },
    target: { orgUnitParam: 'schoolId' },
  })
  async get(@Param('schoolId', ParseUUIDPipe) schoolId: string) {
    const row = await this.accounts.find(schoolId);
    if (!row) throw new NoAccountSet();
    return view(row);
  }
}
