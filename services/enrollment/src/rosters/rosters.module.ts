import { Module } from '@nestjs/common';
import { FindRosterController } from './find-roster/find-roster.controller';
import { ImportRosterController } from './import-roster/import-roster.controller';
import { ImportRosterService } from './import-roster/import-roster.service';
import { RosterRepository } from './roster.repository';

/** School rosters: import from the sector database's export, class lists. */
@Module({
  controllers: [ImportRosterController, FindRosterController],
  providers: [ImportRosterService, RosterRepository],
  exports: [RosterRepository],
})
export class RostersModule {}
