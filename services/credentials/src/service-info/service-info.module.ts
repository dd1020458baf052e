import { Module } from '@nestjs/common';
import { GetServiceInfoController } from './get-service-info/get-service-info.controller';

/** Feature `service-info`: one use case per folder (controller → application service → domain → repository). */
@Module({ controllers: [GetServiceInfoController] })
export class ServiceInfoModule {}
