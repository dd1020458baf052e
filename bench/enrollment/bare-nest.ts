/**
 * Baseline for the submission bench: the same NestJS 11 + Express stack doing no work. One POST
 * route with the path of the real one (so autocannon sends it byte-for-byte the same requests:
 * method, path, headers, JSON body — Express still parses the body), no guards, no interceptors,
 * no pipes, no logger output; it answers 201 `{"ok":true}`. Started as its own process:
 *   PORT=4000 node bench/enrollment/dist/submissions/bare-nest.js
 */
import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BareController {
  @Post('rounds/:roundId/applications')
  @HttpCode(201)
  submit(): { ok: true } {
    return { ok: true };
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
