export * from './data-source';
export * from './cli/migration-cli';
