/**
 * Baseline for the payments bench: the same NestJS 11 + Express stack doing no work. One GET
 * route on the path of the VNPay-style IPN (so autocannon sends byte-for-byte the same requests,
 * query string and all), no guards, interceptors, pipes or logs; it answers the success JSON.
 *   PORT=4000 node bench/payments/dist/bench/payments/bare-nest.js
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BareController {
  @Get('gateways/vnpay/ipn')
  ipn(): { RspCode: string; Message: string } {
    return { RspCode: '00', Message: 'Confirm Success' };
  }

  /** What ServiceProcess.ready() polls. */
  @Get('health/ready')
  ready(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3999), process.env.HOST ?? '0.0.0.0');
}

void main().catch((err: unknown) => {
  console.error(`bare-nest: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
