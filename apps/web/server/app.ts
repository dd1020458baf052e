import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Express } from 'express';
import helmet from 'helmet';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { WebServerConfig } from './config';

/**
 * The production server of the built app: the files of dist/public, /config.json from the
 * environment, and each service's API under /api/<service> (reverse proxy, streamed both ways).
 *
 * Caching: Vite names the files under assets/ by their content hash, so they are immutable for a
 * year; index.html and /config.json are never stored, so a new release and a new setting are
 * seen at the next load. The Content-Security-Policy allows only this origin's scripts and
 * styles (Mantine sets style attributes, hence 'unsafe-inline' for styles only) and connections
 * to this origin and the OpenID Providers (discovery and token endpoints).
 */
export function webApp(config: WebServerConfig): Express {
  const app = express();
  app.disable('x-powered-by');
  const { oidc, familyOidc } = config.publicConfig;
  const issuerOrigins = [
    ...new Set([oidc, familyOidc].flatMap((o) => (o ? [new URL(o.issuer).origin] : []))),
  ];
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'", ...issuerOrigins],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  for (const u of config.upstreams) {
    app.use(
      u.prefix,
      createProxyMiddleware({
        target: u.target,
        changeOrigin: true,
        xfwd: true,
        // The API's own caching headers (ETag, no-store on files) pass through unchanged.
        on: {
          error: (_err, _req, res) => {
            const out = res as import('node:http').ServerResponse;
            if (!out.headersSent) {
              out.writeHead(502, { 'content-type': 'application/problem+json' });
            }
            out.end(
              JSON.stringify({
                type: 'about:blank',
                title: 'Bad Gateway',
                status: 502,
                detail: `Không kết nối được dịch vụ (${u.prefix}).`,
              }),
            );
          },
        },
      }),
    );
  }

  app.get('/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(config.publicConfig);
  });
  // Probes, as the services have them (scripts/platform.sh, compose and Kubernetes ask them).
  app.get(['/health/live', '/health/ready'], (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  const index = join(config.root, 'index.html');
  app.use(
    '/assets',
    express.static(join(config.root, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  app.use(
    express.static(config.root, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  // The app's own routes (/, /gia-dinh, …) are the same page: the router in the browser decides.
  app.get('/{*path}', (req, res, next) => {
    if (!req.accepts('html') || !existsSync(index)) return next();
    res.set('Cache-Control', 'no-store').sendFile(index);
  });
  return app;
}
