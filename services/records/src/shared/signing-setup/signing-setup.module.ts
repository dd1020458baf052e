import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { RECORD_SIGNING, recordSigningFor } from './record-signing';

/** The signing setup (RECORD_SIGNING), one instance for the service: the demo CA's keys live in it. */
@Module({
  providers: [{ provide: RECORD_SIGNING, inject: [SERVICE_CONFIG], useFactory: recordSigningFor }],
  exports: [RECORD_SIGNING],
})
export class SigningSetupModule {}
