import { DependencyList, useEffect, useState } from 'react';

export interface Async<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

/**
 * Runs `load` when the dependencies change; an answer to an older request is dropped (its signal
 * is aborted), so a quick change of view never paints an old answer over a newer one. `load`
 * returning null means "nothing to load yet".
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T> | null,
  deps: DependencyList,
): Async<T> {
  const [state, setState] = useState<Async<T>>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  useEffect(() => {
    const abort = new AbortController();
    const p = load(abort.signal);
    if (!p) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true, error: undefined }));
    p.then(
      (data) => !abort.signal.aborted && setState({ data, error: undefined, loading: false }),
      (error: unknown) =>
        !abort.signal.aborted &&
        setState({
          data: undefined,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        }),
    );
    return () => abort.abort();
    // The caller names the dependencies (as for useEffect).
  }, deps);
  return state;
}
