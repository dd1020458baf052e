import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@qn/auth';
import { StudentAccount, StudentAccounts } from '../../accounts/student-accounts';
import { StudentNotFound } from '../../accounts/account-errors';
import { entitlementView, EntitlementsRepository } from '../entitlements.repository';

@Injectable()
export class ListEntitlementsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly records: EntitlementsRepository,
  ) {}

  async list(studentId: string, p: Principal) {
    const account = await this.visibleAccount(studentId, p);
    return (await this.records.history(this.ds.manager, account.studentId)).map(entitlementView);
  }

  private async visibleAccount(studentId: string, _p: Principal): Promise<StudentAccount> {
    const account = await this.accounts.get(this.ds.manager, studentId);
    if (!account) throw new StudentNotFound(studentId);
    return account;
  }
}
