'use client';

import { useSettings } from '@/lib/client/hooks';
import { EntriesSection } from './entries-section';
import { ProblemMessage } from './problem-message';
import { ReportsSection } from './reports-section';
import { SettingsForm } from './settings-form';
import { StatsCards } from './stats-cards';
import { TimerCard } from './timer-card';
import { TimezoneProposal } from './timezone-proposal';

/** The user id the token names, for display only (the server is what checks it). */
function subjectOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' || typeof sub === 'number' ? String(sub) : undefined;
  } catch {
    return undefined;
  }
}

export function Dashboard({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const settings = useSettings();
  const user = subjectOf(token);

  return (
    <>
      <header className="topbar">
        <h1>Time tracking</h1>
        <div className="topbar-user">
          {user && <span className="muted">User {user}</span>}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page">
        {settings.isPending ? (
          <p className="muted" aria-busy="true">
            Loading your settings…
          </p>
        ) : settings.isError ? (
          <ProblemMessage error={settings.error} />
        ) : (
          <>
            {!settings.data.saved && <TimezoneProposal current={settings.data.timezone} />}
            <div className="overview">
              <TimerCard settings={settings.data} />
              <StatsCards settings={settings.data} />
            </div>
            <EntriesSection settings={settings.data} />
            <ReportsSection settings={settings.data} />
            {/* Starts again from the settings when they are first saved (the timezone
                proposal's answer), in the same render that removes the proposal. */}
            <SettingsForm key={settings.data.saved ? 'saved' : 'unsaved'} settings={settings.data} />
          </>
        )}
      </main>
    </>
  );
}
