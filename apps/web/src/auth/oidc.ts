/**
 * Signing in with OpenID Connect in the browser: authorization code with PKCE (S256), the code
 * exchanged at the provider's token endpoint. The token is kept in sessionStorage (this tab
 * only), never in the address bar. The provider and the client id come from the server's
 * /config.json, never from the bundle.
 */
import { NETWORK_ERROR_VI } from '../messages';

export interface OidcSettings {
  issuer: string;
  clientId: string;
}

/**
 * Who signs in: officials at the province's provider (the dashboard), families at the people's
 * sign-in (the families' page). Each keeps its own token: one never stands in for the other.
 */
export type Realm = 'staff' | 'family';
export type RealmSettings = Record<Realm, OidcSettings | null>;

/** The web server's /config.json: where officials and families sign in. */
export interface PublicConfig {
  oidc: OidcSettings | null;
  familyOidc: OidcSettings | null;
}

const TOKEN: Record<Realm, string> = { staff: 'qn-token', family: 'qn-family-token' };
const EXPIRES: Record<Realm, string> = { staff: 'qn-token-exp', family: 'qn-family-token-exp' };
const PENDING = 'qn-oidc';

/** The app's only redirect URI: its root. The page to come back to is kept with the state. */
export const redirectUri = (): string => `${location.origin}/`;

export interface StoredToken {
  token: string;
  /** Epoch milliseconds; 0 when unknown. */
  expiresAt: number;
}

export function storedToken(realm: Realm): StoredToken | null {
  const token = sessionStorage.getItem(TOKEN[realm]);
  if (!token) return null;
  return { token, expiresAt: Number(sessionStorage.getItem(EXPIRES[realm]) ?? 0) };
}

export function forgetToken(realm: Realm): void {
  sessionStorage.removeItem(TOKEN[realm]);
  sessionStorage.removeItem(EXPIRES[realm]);
}

function keepToken(realm: Realm, token: string, expiresInSeconds: number): void {
  sessionStorage.setItem(TOKEN[realm], token);
  sessionStorage.setItem(EXPIRES[realm], String(Date.now() + expiresInSeconds * 1000));
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  const a = new Uint8Array(32);
  crypto.getRandomValues(a);
  return base64url(a);
}

interface Metadata {
  authorization_endpoint: string;
  token_endpoint: string;
}

const metadata = new Map<string, Promise<Metadata>>();
function discover(oidc: OidcSettings): Promise<Metadata> {
  const known = metadata.get(oidc.issuer);
  if (known) return known;
  const found = fetch(`${oidc.issuer}/.well-known/openid-configuration`)
    .catch(() => {
      throw new Error(NETWORK_ERROR_VI);
    })
    .then(async (r) => {
      if (!r.ok) throw new Error(`Không kết nối được máy chủ đăng nhập (mã ${r.status}).`);
      return (await r.json()) as Metadata;
    });
  metadata.set(oidc.issuer, found);
  found.catch(() => metadata.delete(oidc.issuer));
  return found;
}

/**
 * Sends the browser to the provider; `back` (path and query) is where it returns afterwards.
 * `switchAccount` asks for the sign-in form even when the provider remembers someone (after the
 * provider refused that account for this page).
 */
export async function startSignIn(
  oidc: OidcSettings,
  back: string,
  realm: Realm,
  switchAccount = false,
): Promise<never> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, back, realm }));
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const meta = await discover(oidc);
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: oidc.clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: 'openid profile',
    code_challenge: base64url(new Uint8Array(hash)),
    code_challenge_method: 'S256',
    state,
    ...(switchAccount ? { prompt: 'login' } : {}),
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => undefined); // leaving the page
}

/** Whether the address is the provider's answer (?code=…&state=… or ?error=…&state=…). */
export function isCallback(query: URLSearchParams): boolean {
  return Boolean((query.get('code') || query.get('error')) && query.get('state'));
}

/** A sign-in that failed, with the page it was for (the families' errors stay on their page). */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly back: string,
  ) {
    super(message);
  }
}

/**
 * Back from the provider: checks the state, exchanges the code and keeps the token. Returns the
 * path and query to go back to (the address is then replaced: no code left in it).
 */
export async function completeSignIn(
  settings: RealmSettings,
  query: URLSearchParams,
): Promise<string> {
  const saved = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    back: string;
    realm?: Realm;
  } | null;
  sessionStorage.removeItem(PENDING);
  const back = saved?.back || '/';
  try {
    return await exchange(settings, query, saved, back);
  } catch (e) {
    throw new SignInError(e instanceof Error ? e.message : String(e), back.split('?')[0] || '/');
  }
}

async function exchange(
  settings: RealmSettings,
  query: URLSearchParams,
  saved: { verifier: string; state: string; realm?: Realm } | null,
  back: string,
): Promise<string> {
  const realm: Realm = saved?.realm === 'family' ? 'family' : 'staff';
  const oidc = settings[realm];
  if (query.get('error')) {
    throw new Error(
      `Đăng nhập không thành công: ${query.get('error_description') ?? query.get('error')}`,
    );
  }
  if (!saved || saved.state !== query.get('state') || !oidc) {
    throw new Error('Đăng nhập không hợp lệ (mã state không khớp), vui lòng đăng nhập lại.');
  }
  const meta = await discover(oidc);
  const r = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code') ?? '',
      code_verifier: saved.verifier,
      client_id: oidc.clientId,
      redirect_uri: redirectUri(),
    }).toString(),
  }).catch(() => {
    throw new Error(NETWORK_ERROR_VI);
  });
  const body = (await r.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    error?: string;
  };
  if (!r.ok || !body.access_token) {
    throw new Error(`Đăng nhập không thành công (${body.error ?? `mã ${r.status}`}).`);
  }
  keepToken(realm, body.access_token, body.expires_in ?? 300);
  return back;
}

/** Who is signed in, from the token's claims (display only: the API checks the token). */
export function whoIs(token: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const bin = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))),
    ) as { name?: string; sub?: string };
    return claims.name ?? claims.sub ?? null;
  } catch {
    return null;
  }
}
