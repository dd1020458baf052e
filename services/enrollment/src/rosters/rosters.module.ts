import { Module } from '@nestjs/common';
import { FindRosterController } from './find-roster/find-roster.controller';
import { ImportFromSectorController } from './import-from-sector/import-from-sector.controller';
import { ImportRosterController } from './import-roster/import-roster.controller';
import { ImportRosterService } from './import-roster/import-roster.service';
import { RosterRepository } from './roster.repository';

/** School rosters: import of the sector database's export (uploaded, or fetched from it), class lists. */
@Module({
  controllers: [ImportRosterController, ImportFromSectorController, FindRosterController],
  providers: [ImportRosterService, RosterRepository],
  exports: [RosterRepository],
})
export class RostersModule {}
