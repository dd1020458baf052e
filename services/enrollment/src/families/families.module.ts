import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { RoundsModule } from '../rounds/rounds.module';
import { FamilyRepository } from './family.repository';
import { FindChildrenController } from './find-children/find-children.controller';
import { FindChildrenService } from './find-children/find-children.service';
import { FamilyApplicationsController } from './find-family-applications/family-applications.controller';
import { FamilyApplicationsService } from './find-family-applications/family-applications.service';

/** The family page (gia đình): a signed-in parent's children, their applications and offers. */
@Module({
  imports: [RoundsModule, ApplicationsModule],
  controllers: [FindChildrenController, FamilyApplicationsController],
  providers: [FamilyRepository, FindChildrenService, FamilyApplicationsService],
})
export class FamiliesModule {}
