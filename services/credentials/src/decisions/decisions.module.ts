import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CredentialStatusModule } from '../credential-status/credential-status.module';
import { ChangeStatusController } from './change-status/change-status.controller';
import { ChangeStatusService } from './change-status/change-status.service';
import { CorrectEntryController } from './correct-entry/correct-entry.controller';
import { CorrectEntryService } from './correct-entry/correct-entry.service';
import { DecisionsRepository } from './decisions.repository';
import { NewCredentialVersion } from './new-credential-version';
import { ReissueCredentialController } from './reissue-credential/reissue-credential.controller';
import { ReissueCredentialService } from './reissue-credential/reissue-credential.service';

/**
 * The competent authority's decisions on a diploma after it is issued: revocation, suspension and
 * reinstatement (the status lists), corrections and reissues (new credential versions).
 */
@Module({
  imports: [AuthoritiesModule, CredentialStatusModule],
  controllers: [ChangeStatusController, CorrectEntryController, ReissueCredentialController],
  providers: [
    DecisionsRepository,
    NewCredentialVersion,
    ChangeStatusService,
    CorrectEntryService,
    ReissueCredentialService,
  ],
  exports: [DecisionsRepository],
})
export class DecisionsModule {}
