export * from './org-directory';
export * from './unit-dates';
