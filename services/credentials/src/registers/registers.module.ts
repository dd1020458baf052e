import { Module } from '@nestjs/common';
import { CreateRegisterController } from './create-register/create-register.controller';
import { CreateRegisterService } from './create-register/create-register.service';
import { ImportEntriesController } from './import-entries/import-entries.controller';
import { ImportEntriesService } from './import-entries/import-entries.service';
import { ListEntriesController } from './list-entries/list-entries.controller';
import { ListRegistersController } from './list-registers/list-registers.controller';
import { RegisterCoverage } from './register-coverage';
import { RegistersRepository } from './registers.repository';
import { ReviewEntryController } from './review-entry/review-entry.controller';
import { ReviewEntryService } from './review-entry/review-entry.service';

/**
 * Feature `registers`: original registers of diplomas (sổ gốc), historic ones digitised from the
 * paper archive. `RegisterCoverage` is exported for the use cases that issue diplomas into
 * registers (they publish the same coverage event in their transactions).
 */
@Module({
  controllers: [
    CreateRegisterController,
    ListRegistersController,
    ImportEntriesController,
    ReviewEntryController,
    ListEntriesController,
  ],
  providers: [
    RegistersRepository,
    RegisterCoverage,
    CreateRegisterService,
    ImportEntriesService,
    ReviewEntryService,
  ],
  exports: [RegisterCoverage, RegistersRepository],
})
export class RegistersModule {}
