import { Catalogue, DEFAULT_CATALOGUE_PATH, loadCatalogue } from './domain';
import { CompiledProjection, compileProjection } from './domain/facts';

export const KPI_CATALOGUE = Symbol('KPI_CATALOGUE');

/** The loaded catalogue and its compiled event → data element mapping. */
export interface LoadedCatalogue {
  path: string;
  catalogue: Catalogue;
  projection: CompiledProjection;
}

/** Loads and checks the catalogue at start: an error stops the service with the lines at fault. */
export function loadKpiCatalogue(path: string = DEFAULT_CATALOGUE_PATH): LoadedCatalogue {
  const catalogue = loadCatalogue(path);
  return { path, catalogue, projection: compileProjection(catalogue) };
}
