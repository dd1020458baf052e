/**
 * The benches' baseline: the services' NestJS 11 + Express stack doing no work. One route, no
 * guards, interceptors, pipes or logs, answering a fixed body, so a bench sends it byte for byte
 * the requests it sends the real service and prints the ratio. Run as its own process
 * (`new ServiceProcess('bare-nest', env, BARE_NEST_ENTRY)`), configured by its environment:
 *
 *   PORT         port to listen on
 *   BARE_ROUTE   method and path of the route, Nest syntax: `GET /indicators/:code/values`
 *   BARE_STATUS  status of the answer (default 200)
 *   BARE_BODY    JSON body of the answer (default {"ok":true})
 *
 * It also answers `GET /health/ready`, which ServiceProcess.ready() polls.
 */
import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

function bareController(route: string, status: number, body: unknown) {
  const m = /^(GET|POST) (\/\S*)$/.exec(route);
  if (!m) throw new Error(`BARE_ROUTE must be 'GET /path' or 'POST /path', not '${route}'`);
  const on = m[1] === 'POST' ? Post(m[2]) : Get(m[2]);

  @Controller()
  class BareController {
    @on
    @HttpCode(status)
    answer(): unknown {
      return body;
    }

    @Get('health/ready')
    ready(): { status: 'ok' } {
      return { status: 'ok' };
    }
  }
  return BareController;
}

async function main(): Promise<void> {
  const controller = bareController(
    process.env.BARE_ROUTE ?? 'GET /',
    Number(process.env.BARE_STATUS ?? 200),
    JSON.parse(process.env.BARE_BODY ?? '{"ok":true}'),
  );
  @Module({ controllers: [controller] })
  class BareModule {}
  const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3999), process.env.HOST ?? '0.0.0.0');
}

void main().catch((err: unknown) => {
  console.error(`bare-nest: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
