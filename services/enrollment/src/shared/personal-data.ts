import { Inject, Injectable } from '@nestjs/common';
import { PersonalDataProtector } from '@qn/privacy';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { EnrollmentConfig } from '../config';

/** The service's keys for personal identification numbers and sealed lottery seeds. */
@Injectable()
export class PersonalDataGuard {
  private readonly protector: PersonalDataProtector;

  constructor(@Inject(SERVICE_CONFIG) config: EnrollmentConfig) {
    this.protector = new PersonalDataProtector({
      hashKey: config.PERSONAL_ID_HASH_KEY,
      encryptionKey: config.PERSONAL_ID_ENCRYPTION_KEY,
    });
  }

  lookupHash(personalId: string): string {
    return this.protector.lookupHash(personalId);
  }

  seal(value: string, context: string): string {
    return this.protector.encrypt(value, context);
  }

  unseal(token: string, context: string): string {
    return this.protector.decrypt(token, context);
  }
}
