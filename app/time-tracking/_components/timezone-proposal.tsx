'use client';

import { useUpdateSettings } from '@/lib/client/hooks';
import { ProblemMessage } from './problem-message';

/** The browser's own IANA zone ("America/Sao_Paulo"), when it names one. */
export function browserTimezone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/**
 * On a first sign-in (settings never saved: GET /settings said
 * X-Settings-Saved: false) the timezone is the server's default, which sets the
 * user's days and weeks: propose the browser's own zone instead. Either answer
 * saves the settings, so the question is asked once.
 */
export function TimezoneProposal({
  current,
}: {
  /** The timezone the settings hold now (the server's default). */
  current: string;
}) {
  const update = useUpdateSettings();
  const proposed = browserTimezone();
  if (!proposed || proposed === current) return null;

  const answer = (timezone: string) => {
    if (update.isPending) return;
    // Saved, the settings say so and this component goes; a failure is shown from update.error.
    update.mutate({ timezone });
  };

  return (
    <section className="notice timezone-proposal" aria-labelledby="timezone-proposal-heading">
      <h2 id="timezone-proposal-heading">Which timezone do you work in?</h2>
      <p>
        Your days and weeks are counted in <strong>{current}</strong>, the server&apos;s default. Your browser
        is in <strong>{proposed}</strong>. You can change this later in Settings.
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          aria-disabled={update.isPending}
          onClick={() => answer(proposed)}
        >
          Use {proposed}
        </button>
        <button type="button" aria-disabled={update.isPending} onClick={() => answer(current)}>
          Keep {current}
        </button>
      </div>
      <ProblemMessage error={update.error} />
    </section>
  );
}
