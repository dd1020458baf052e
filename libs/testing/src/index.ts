export * from './infrastructure';
export * from './isolation';
export * from './service-process';
export * from './wait';
export * from './platform-env';
export * from './http';
export * from './browser';
export * from './ports';
