import { Module } from '@nestjs/common';
import { IdentitySummaryController } from './find-identity-summary/identity-summary.controller';
import { IdentityCheckRepository } from './identity-check.repository';
import { RunIdentityChecksController } from './run-identity-checks/run-identity-checks.controller';
import { RunIdentityChecksService } from './run-identity-checks/run-identity-checks.service';

/**
 * Identity checks (xác thực định danh) of a school's learners and staff against the national
 * population register, through the `IdentityVerifier` port; results kept and announced.
 */
@Module({
  controllers: [RunIdentityChecksController, IdentitySummaryController],
  providers: [IdentityCheckRepository, RunIdentityChecksService],
})
export class IdentityChecksModule {}
