export * from './kafka';
export * from './metrics';
export * from './migrations';
export * from './trace-context';
export * from './outbox/outbox-writer';
export * from './outbox/outbox-relay';
export * from './consumer/event-consumer';
export * from './messaging.module';
