import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CredentialStatusModule } from '../credential-status/credential-status.module';
import { CredentialLookupRepository } from './credential-lookup.repository';
import { VerifyCredentialController } from './verify-credential/verify-credential.controller';
import { VerifyPresentedService } from './verify-credential/verify-presented.service';
import { VerifyPageController } from './verify-page/verify-page.controller';

/** Public verification of presented diplomas (API; the page is served beside it). */
@Module({
  imports: [AuthoritiesModule, CredentialStatusModule],
  controllers: [VerifyCredentialController, VerifyPageController],
  providers: [CredentialLookupRepository, VerifyPresentedService],
  exports: [VerifyPresentedService],
})
export class VerificationModule {}
