import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './app.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { completeSignIn, isCallback, PublicConfig, SignInError } from './auth/oidc';
import { NETWORK_ERROR_VI } from './messages';
import { routes } from './routes';

// Focus rings on keyboard use (Mantine's default), dark enough on white and on the blue header.
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, focusRing: 'auto' });

/**
 * Start: the server's /config.json says where to sign in; back from the provider (?code=…), the
 * code is exchanged and the address restored before the router sees it.
 */
async function boot(): Promise<void> {
  let bootError: string | null = null;
  let config: PublicConfig = { oidc: null, familyOidc: null };
  try {
    const r = await fetch('/config.json', { cache: 'no-store' });
    if (!r.ok) throw new Error(`config ${r.status}`);
    config = (await r.json()) as PublicConfig;
  } catch {
    bootError = NETWORK_ERROR_VI;
  }
  const query = new URLSearchParams(location.search);
  if ((config.oidc || config.familyOidc) && isCallback(query)) {
    try {
      const back = await completeSignIn(
        { staff: config.oidc, family: config.familyOidc ?? null },
        query,
      );
      history.replaceState(null, '', back);
    } catch (e) {
      history.replaceState(null, '', e instanceof SignInError ? e.back : '/');
      bootError = e instanceof Error ? e.message : String(e);
    }
  }
  const router = createBrowserRouter(routes(bootError, config));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme}>
        <RouterProvider router={router} />
      </MantineProvider>
    </StrictMode>,
  );
}

void boot();
