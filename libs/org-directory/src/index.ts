export * from './org-directory';
