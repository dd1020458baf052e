import { Module } from '@nestjs/common';
import { DecideTransferController } from './decide-transfer/decide-transfer.controller';
import { DecideTransferService } from './decide-transfer/decide-transfer.service';
import { FindTransferController } from './find-transfers/find-transfer.controller';
import { RequestTransferController } from './request-transfer/request-transfer.controller';
import { RequestTransferService } from './request-transfer/request-transfer.service';
import { TransferRepository } from './transfer.repository';

/** Transfers (chuyển trường): asked by the family or a school, decided by the receiving school, completed by the old one. */
@Module({
  controllers: [RequestTransferController, FindTransferController, DecideTransferController],
  providers: [TransferRepository, RequestTransferService, DecideTransferService],
})
export class TransfersModule {}
