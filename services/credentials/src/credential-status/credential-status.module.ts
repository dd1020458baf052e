import { Module } from '@nestjs/common';
import { ServeStatusListController } from './serve-status-list/serve-status-list.controller';
import { StatusListsRepository } from './status-lists.repository';

/** The authorities' status lists: allocated at issuing, changed by revocation and suspension, served publicly. */
@Module({
  controllers: [ServeStatusListController],
  providers: [StatusListsRepository],
  exports: [StatusListsRepository],
})
export class CredentialStatusModule {}
