/**
 * The indicator catalogue (catalogue/indicators.yaml): its model, loading and validation (YAML
 * syntax, structure by JSON Schema, meaning — see checker.ts), and lookups on it. Every problem
 * is reported with its line and column in the YAML file.
 */
export * from './model';
export { catalogueSchema } from './schema';
export { DEFAULT_CATALOGUE_PATH, loadCatalogue, parseCatalogue } from './parse';
export * from './lookup';
