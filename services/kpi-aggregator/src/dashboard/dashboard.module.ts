import { Module } from '@nestjs/common';
import { DashboardController } from './serve-dashboard/dashboard.controller';

/** The dashboard page (bảng điều khiển): public HTML whose numbers come from the API. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
