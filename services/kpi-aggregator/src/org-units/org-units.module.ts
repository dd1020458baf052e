import { Module } from '@nestjs/common';
import { BrowseOrgUnitsController } from './browse-org-units/browse-org-units.controller';

/**
 * The aggregator's copy of the organisation tree (the org directory replica, rebuilt from the
 * registry's events by OrgDirectoryModule), which its roll-ups follow: browsing it, scoped.
 */
@Module({ controllers: [BrowseOrgUnitsController] })
export class OrgUnitsModule {}
