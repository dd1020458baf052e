import createClient, { Middleware } from 'openapi-fetch';
import { apiErrorMessage, NETWORK_ERROR_VI } from '../messages';

/**
 * A service's API through the web server's proxy (`/api/<service>`), typed from its OpenAPI
 * document: the bearer token on every request, a 401 ends the session.
 */
export function serviceClient<Paths extends object>(
  base: string,
  token: string | null,
  onUnauthorized: () => void,
) {
  const auth: Middleware = {
    onRequest({ request }) {
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  };
  const client = createClient<Paths>({ baseUrl: `${location.origin}${base}` });
  client.use(auth);
  return client;
}

/** An API answer other than 2xx, with the Vietnamese message to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message = apiErrorMessage(status),
  ) {
    super(message);
  }
}

/** The data of an openapi-fetch answer, or an ApiError / network error in Vietnamese. */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Error(NETWORK_ERROR_VI);
  }
  if (!answer.response.ok || answer.data === undefined) throw new ApiError(answer.response.status);
  return answer.data;
}

/**
 * A file the API serves behind the token (a QR image, a PDF, a report): fetched with the token.
 * An <img src> or a plain link would go without it. A 401 ends the session; any other failure is
 * an ApiError or the network error, in Vietnamese.
 */
async function authorizedFile(
  url: string,
  token: string | null,
  onUnauthorized: () => void,
  signal?: AbortSignal,
): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Error(NETWORK_ERROR_VI);
  }
  if (r.status === 401) onUnauthorized();
  if (!r.ok) throw new ApiError(r.status);
  return r;
}

/** Such a file as a Blob (to show it: an image). */
export async function authorizedBlob(
  url: string,
  token: string | null,
  onUnauthorized: () => void,
  signal?: AbortSignal,
): Promise<Blob> {
  return (await authorizedFile(url, token, onUnauthorized, signal)).blob();
}

/** Such a file saved by the browser, under the name the API gives it (else `fallbackName`). */
export async function saveDownload(
  url: string,
  token: string | null,
  onUnauthorized: () => void,
  fallbackName: string,
): Promise<void> {
  const r = await authorizedFile(url, token, onUnauthorized);
  const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1];
  const href = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has read the blob once the download started.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** A fresh Idempotency-Key for one user action: a retry of the same action sends the same key. */
export const idempotencyKey = (): string => crypto.randomUUID();
