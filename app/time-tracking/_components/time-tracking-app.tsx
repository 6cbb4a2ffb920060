'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { type ApiProblemError, createApiClient } from '@/lib/client/api';
import { ApiClientProvider, shouldRetry } from '@/lib/client/hooks';
import { tokenStore } from '@/lib/client/token-store';
import { Dashboard } from './dashboard';
import { SignIn } from './sign-in';

// On the server (and during hydration) the token is unknown: render neither
// the sign-in form nor the dashboard until the browser has looked.
const unknownOnServer = () => undefined;

/** The page's root: a query client, an API client reading the stored token, and the sign-in gate. */
export function TimeTrackingApp() {
  const token = useSyncExternalStore<string | null | undefined>(
    tokenStore.subscribe,
    tokenStore.get,
    unknownOnServer,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: shouldRetry, staleTime: 5_000 },
          mutations: { retry: false },
        },
      }),
  );

  const signOut = useCallback(
    (reason?: string) => {
      tokenStore.clear();
      // Another user may sign in next: nothing of this one's may be shown.
      queryClient.clear();
      setNotice(reason ?? null);
    },
    [queryClient],
  );

  const api = useMemo(
    () =>
      createApiClient({
        getToken: tokenStore.get,
        onUnauthorized: (error: ApiProblemError) =>
          signOut(`You have been signed out: ${error.detail} Paste a new token to continue.`),
      }),
    [signOut],
  );

  if (token === undefined) {
    return (
      <main className="page" aria-busy="true">
        <p className="muted">Loading…</p>
      </main>
    );
  }

  return (
    <QueryClientProvider client={queryClient}>
      <ApiClientProvider client={api}>
        {token ? (
          <Dashboard token={token} onSignOut={() => signOut()} />
        ) : (
          <SignIn
            notice={notice}
            onSignedIn={(newToken) => {
              setNotice(null);
              tokenStore.set(newToken);
            }}
          />
        )}
      </ApiClientProvider>
    </QueryClientProvider>
  );
}
