export * from './envelope';
export * from './dates';
export * from './catalog';
export * from './platform-catalog';
export * from './events/registry';
export * from './events/enrollment';
export * from './compatibility';
export * from './asyncapi';
