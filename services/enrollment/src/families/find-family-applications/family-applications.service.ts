import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { provinceDate } from '@qn/contracts';
import { nameOn, OrgDirectory } from '@qn/org-directory';
import { ApplicationRepository } from '../../applications/application.repository';
import { offerViewsOf } from '../../results/offer.repository';
import { RoundRepository } from '../../rounds/round.repository';
import { familyApplicationsView } from '../domain/family-views';

/** A family's applications in every round, with their rounds, wished schools and offers. */
@Injectable()
export class FamilyApplicationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly rounds: RoundRepository,
    private readonly directory: OrgDirectory,
  ) {}

  /** Four queries whatever the number of applications: them, their rounds, offers and schools. */
  async applicationsOf(guardianSubject: string) {
    const applications = await this.applications.ofFamily(guardianSubject);
    const [rounds, offers] = await Promise.all([
      this.rounds.getMany(applications.map((a) => a.roundId)),
      offerViewsOf(
        this.ds.manager,
        applications.map((a) => a.id),
      ),
    ]);
    const schools = await this.directory.getMany([
      ...applications.flatMap((a) => a.wishes),
      ...[...offers.values()].map((o) => o.schoolId),
    ]);
    const today = provinceDate();
    return {
      items: familyApplicationsView({
        applications,
        rounds,
        offers,
        schoolName: (id) => nameOn(schools.get(id), today),
      }),
    };
  }
}
