export * from './personal-id';
export * from './protector';
