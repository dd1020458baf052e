import type { ExecutionContext } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';

/** The status a route answers on success: its @HttpCode, else 201 for POST and 200 otherwise. */
export function declaredStatus(context: ExecutionContext, method: string): number {
  return (
    (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
    (method === 'POST' ? 201 : 200)
  );
}
