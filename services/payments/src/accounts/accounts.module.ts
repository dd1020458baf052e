import { Module } from '@nestjs/common';
import { StudentAccounts } from './student-accounts';

/** Students' accounts (their payment code, school and enrolments): every money feature locks them. */
@Module({
  providers: [StudentAccounts],
  exports: [StudentAccounts],
})
export class AccountsModule {}
