import { Module } from '@nestjs/common';
import { IssuerKeysModule } from '../shared/issuer-keys/issuer-keys.module';
import { AuthorityRegistry } from './authority-registry';
import { ServeIssuerController } from './serve-issuer/serve-issuer.controller';

/** The issuing authorities a verifier trusts, their keys, and their public controller documents. */
@Module({
  imports: [IssuerKeysModule],
  controllers: [ServeIssuerController],
  providers: [AuthorityRegistry],
  exports: [AuthorityRegistry],
})
export class AuthoritiesModule {}
