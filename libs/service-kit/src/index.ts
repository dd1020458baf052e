export * from './problem-details';
export * from './service-kit.module';
export * from './bootstrap';
export * from './openapi';
export * from './idempotency';
export * from './tokens';
export * from './redis';
export * from './retention';
export * from './periodic-job';
export * from './access-log';
export * from './http/input-checks';
export {
  AcceptsFiles,
  RequestBodyGuard,
  invalidField,
  XLSX_MEDIA_TYPE,
} from './http/request-body.guard';
export { RateLimitGuard } from './http/rate-limit.guard';
export { httpSettings } from './http/http-settings';
export * from './http/validators';
export * from './http/page-query';
