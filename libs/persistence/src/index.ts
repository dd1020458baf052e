export * from './data-source';
export * from './cli/migration-cli';
export * from './prepared-statements';
export * from './retention';
export * from './query-logger';
export * from './service-roles';
