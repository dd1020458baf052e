import { Module } from '@nestjs/common';
import { ClassRosterQuery } from './read-class-roster/class-roster.query';
import { ReadClassRosterController } from './read-class-roster/read-class-roster.controller';
import { RosterProjectionRepository } from './roster-projection.repository';
import { SchoolRosterEventsConsumer } from './project-school-rosters/school-roster-events.consumer';
import { StudentEventsConsumer } from './project-students/student-events.consumer';

/**
 * The school rosters as records knows them (ids only), projected from enrollment's events: what
 * the access rules of every records route stand on (src/shared/access), and the class roster.
 */
@Module({
  controllers: [StudentEventsConsumer, SchoolRosterEventsConsumer, ReadClassRosterController],
  providers: [RosterProjectionRepository, ClassRosterQuery],
})
export class RostersModule {}
