import type { NextFunction, Request, Response } from 'express';
import { HttpException } from '@nestjs/common';
import type { JwtVerifier } from '@qn/auth';
import { checkOpsAccess, OpsAccess } from '@qn/observability';

/** The OpenAPI UI and documents: /docs, /docs/…, /docs-json, /docs-yaml. */
const DOCS = /^\/docs(\/|-json$|-yaml$|$)/;

/**
 * Express middleware in front of the OpenAPI UI and documents (served by Swagger outside Nest's
 * guards): open when DOCS_PUBLIC=true, otherwise a province token (the department's operators).
 */
export function docsAccess(access: OpsAccess, verifier: JwtVerifier | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!DOCS.test(req.path)) return next();
    checkOpsAccess(req.headers.authorization, access, verifier).then(
      () => next(),
      (error: unknown) => {
        const status = error instanceof HttpException ? error.getStatus() : 500;
        const body =
          error instanceof HttpException
            ? (error.getResponse() as object)
            : { type: 'about:blank', title: 'Internal server error', status };
        if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        res
          .status(status)
          .type('application/problem+json')
          .send(JSON.stringify({ ...body, instance: req.originalUrl }));
      },
    );
  };
}
