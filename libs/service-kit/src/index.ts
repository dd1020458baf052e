export * from './problem-details';
export * from './service-kit.module';
export * from './bootstrap';
export * from './idempotency';
export * from './tokens';
export * from './retention';
export * from './periodic-job';
export * from './access-log';
