export * from './telemetry';
export * from './logging';
export * from './ops.module';
