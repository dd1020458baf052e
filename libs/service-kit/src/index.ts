export * from './problem-details';
export * from './service-kit.module';
export * from './bootstrap';
