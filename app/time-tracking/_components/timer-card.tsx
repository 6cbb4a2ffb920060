'use client';

import { useState } from 'react';
import { formatElapsed, formatMoney } from '@/lib/client/format';
import { useActiveSession, useStartSession, useStopSession } from '@/lib/client/hooks';
import { fromApiTimestamp, toWallClock, zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import { FormField } from './form-field';
import { ProblemMessage } from './problem-message';
import { useNow } from './use-now';

/** Start and stop the timer; while it runs, the elapsed time and earnings tick every second. */
export function TimerCard({ settings }: { settings: TimeTrackingSettings }) {
  const active = useActiveSession();
  const start = useStartSession();
  const stop = useStopSession();
  const [notes, setNotes] = useState('');
  const running = active.data ?? null;
  const now = useNow(running !== null);
  const zone = zoneOf(settings.timezone);

  const startedAt = running ? fromApiTimestamp(running.start_time) : null;
  const elapsedSeconds = startedAt ? Math.max(0, Math.floor((now - startedAt.getTime()) / 1000)) : 0;
  const earned = running ? (elapsedSeconds * running.hourly_rate) / 3600 : 0;
  const busy = start.isPending || stop.isPending;

  function toggle() {
    if (busy) return;
    if (running) {
      start.reset();
      stop.mutate({ id: running.id });
    } else {
      stop.reset();
      start.mutate({ notes: notes.trim() || null }, { onSuccess: () => setNotes('') });
    }
  }

  return (
    <section className="card timer" aria-labelledby="timer-heading">
      <h2 id="timer-heading">Timer</h2>
      {active.isPending ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : active.isError ? (
        <ProblemMessage error={active.error} />
      ) : (
        <>
          {running && startedAt ? (
            <div className="timer-running">
              <p className="timer-elapsed" role="timer" aria-label="Elapsed time" data-testid="timer-elapsed">
                {formatElapsed(elapsedSeconds)}
              </p>
              <p className="timer-earned" data-testid="timer-earned">
                {formatMoney(earned, settings.currency)}
              </p>
              <p className="muted">
                Started at{' '}
                <time dateTime={`${running.start_time}Z`}>{toWallClock(startedAt, zone).slice(11, 16)}</time>{' '}
                ({zoneLabel(settings.timezone)}) at {formatMoney(running.hourly_rate, settings.currency)}/h
                {running.notes ? ` — ${running.notes}` : ''}
              </p>
            </div>
          ) : (
            <FormField label="What are you working on? (optional)">
              {(control) => (
                <input
                  {...control}
                  value={notes}
                  onChange={(e) => setNotes(e.target.value)}
                  maxLength={10_000}
                />
              )}
            </FormField>
          )}
          <button
            type="button"
            className={running ? 'danger timer-button' : 'primary timer-button'}
            onClick={toggle}
            // Not `disabled`: a disabled button loses focus, and this one must keep it.
            aria-disabled={busy}
          >
            {running ? 'Stop timer' : 'Start timer'}
          </button>
          <ProblemMessage error={start.error ?? stop.error} />
        </>
      )}
    </section>
  );
}
