'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiProblemError, createApiClient } from '@/lib/client/api';
import { timeTrackingKeys } from '@/lib/client/hooks';
import { FormField } from './form-field';
import { ProblemMessage } from './problem-message';

// `next build` inlines NODE_ENV: a production bundle has no demo button at all.
const DEVELOPMENT = process.env.NODE_ENV === 'development';

/** Asks the server about the token (GET /settings) before keeping it, so a wrong one is refused here. */
async function checkToken(token: string) {
  return createApiClient({ getToken: () => token }).getSettingsState();
}

async function fetchDemoToken(): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/api/dev/token', { method: 'POST', cache: 'no-store' });
  } catch {
    throw new ApiProblemError({ status: 0, code: 'network_error', detail: 'Could not reach the server.' });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok || typeof body?.token !== 'string') {
    throw new ApiProblemError({
      status: response.status,
      code: typeof body?.code === 'string' ? body.code : 'http_error',
      detail: typeof body?.detail === 'string' ? body.detail : 'The demo user is not available.',
    });
  }
  return body.token;
}

export function SignIn({
  notice,
  onSignedIn,
}: {
  notice: string | null;
  onSignedIn: (token: string) => void;
}) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(getToken: () => Promise<string>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const token = await getToken();
      const settings = await checkToken(token);
      queryClient.setQueryData(timeTrackingKeys.settings(), settings);
      onSignedIn(token);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const token = value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      setError(
        new ApiProblemError({
          status: 0,
          code: 'validation_failed',
          detail: 'Paste your access token first.',
        }),
      );
      return;
    }
    void signIn(async () => token);
  }

  return (
    <main className="page sign-in">
      <h1>Time tracking</h1>
      <section className="card" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">Sign in</h2>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={onSubmit} noValidate>
          <FormField
            label="Access token"
            hint="Paste the bearer token (JWT) you were given. It is kept in this browser tab only (session storage) and forgotten when you sign out or close the tab."
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </FormField>
          <div className="actions">
            <button type="submit" className="primary" aria-disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
            {DEVELOPMENT && (
              <button type="button" aria-disabled={busy} onClick={() => void signIn(fetchDemoToken)}>
                Use the demo user (development)
              </button>
            )}
          </div>
        </form>
        <ProblemMessage error={error} />
      </section>
    </main>
  );
}
