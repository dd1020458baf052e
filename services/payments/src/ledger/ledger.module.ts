import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';
import { Postings } from './postings';

/** The double-entry ledger (sổ cái) and the postings every money feature books through. */
@Module({
  providers: [LedgerRepository, Postings],
  exports: [LedgerRepository, Postings],
})
export class LedgerModule {}
