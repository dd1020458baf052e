export const REDIS = Symbol('REDIS');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
