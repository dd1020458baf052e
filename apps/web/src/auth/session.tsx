import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { forgetToken, OidcSettings, Realm, startSignIn, storedToken, whoIs } from './oidc';

/**
 * The signed-in session of one realm (the officials' pages, or the families'): the token for API
 * calls, and its end. When the token's
 * time is over or the API answers 401, the session is over: the app says so in Vietnamese and
 * offers to sign in again (the provider's own session usually brings the user straight back).
 */
export interface Session {
  token: string | null;
  user: string | null;
  expired: boolean;
  /** Called on a 401 from an API. */
  expire: () => void;
  /** To the provider; `switchAccount`: its sign-in form even if it remembers someone. */
  signIn: (switchAccount?: boolean) => void;
  oidc: OidcSettings | null;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function SessionProvider(props: {
  realm: Realm;
  oidc: OidcSettings | null;
  children: ReactNode;
}): ReactNode {
  const { realm } = props;
  const [stored] = useState(() => storedToken(realm));
  const [expired, setExpired] = useState(
    () => stored !== null && stored.expiresAt > 0 && Date.now() >= stored.expiresAt,
  );
  const token = expired ? null : (stored?.token ?? null);
  const expire = useCallback(() => {
    forgetToken(realm);
    setExpired(true);
  }, [realm]);
  useEffect(() => {
    if (!stored?.expiresAt || expired) return;
    const t = setTimeout(expire, Math.max(0, stored.expiresAt - Date.now()));
    return () => clearTimeout(t);
  }, [stored, expired, expire]);
  const { oidc } = props;
  const signIn = useCallback(
    (switchAccount = false) => {
      if (oidc) void startSignIn(oidc, location.pathname + location.search, realm, switchAccount);
    },
    [oidc, realm],
  );
  const value = useMemo<Session>(
    () => ({ token, user: token ? whoIs(token) : null, expired, expire, signIn, oidc }),
    [token, expired, expire, signIn, oidc],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}
