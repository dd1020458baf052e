export * from './sector-api-client';
