export * from './telemetry';
export * from './logging';
export * from './ops.module';
export * from './ops-access';
