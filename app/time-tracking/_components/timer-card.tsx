'use client';

import { useState } from 'react';
import { formatElapsed, formatMoney } from '@/lib/client/format';
import { useActiveSession, useStartSession, useStopSession } from '@/lib/client/hooks';
import { fromApiTimestamp, toWallClock, zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import { MAX_LATE_START_DAYS } from '@/lib/time-tracking/constants';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import { FormField } from './form-field';
import { fieldError, ProblemMessage } from './problem-message';
import { useNow } from './use-now';

/** "Started … minutes ago": the presets offered, and the most the server accepts. */
const LATE_START_PRESETS = [5, 15, 30];
const MAX_LATE_START_MINUTES = MAX_LATE_START_DAYS * 24 * 60;

/** The minutes typed into "started … minutes ago": a whole number 0…MAX, or undefined when it is not one. */
function lateStartMinutes(value: string): number | undefined {
  if (value.trim() === '') return 0;
  if (!/^\d+$/.test(value.trim())) return undefined;
  const minutes = Number(value);
  return minutes <= MAX_LATE_START_MINUTES ? minutes : undefined;
}

/** Start and stop the timer; while it runs, the elapsed time and earnings tick every second. */
export function TimerCard({ settings }: { settings: TimeTrackingSettings }) {
  const active = useActiveSession();
  const start = useStartSession();
  const stop = useStopSession();
  const [notes, setNotes] = useState('');
  const [minutesAgo, setMinutesAgo] = useState('');
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
      const minutes = lateStartMinutes(minutesAgo);
      if (minutes === undefined) return;
      stop.reset();
      // A late start is "now minus the minutes" by this browser's clock; the server
      // refuses one in the future or more than MAX_LATE_START_DAYS back.
      const startTime = minutes > 0 ? new Date(Date.now() - minutes * 60_000).toISOString() : null;
      start.mutate(
        { notes: notes.trim() || null, start_time: startTime },
        {
          onSuccess: () => {
            setNotes('');
            setMinutesAgo('');
          },
        },
      );
    }
  }

  const minutesInvalid = lateStartMinutes(minutesAgo) === undefined;

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
            <>
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
              <FormField
                label="Started … minutes ago (optional)"
                hint="Forgot to start? The timer then counts from that moment."
                error={
                  minutesInvalid
                    ? `Enter whole minutes from 0 to ${MAX_LATE_START_MINUTES} (${MAX_LATE_START_DAYS} days).`
                    : fieldError(start.error, 'start_time')
                }
              >
                {(control) => (
                  <div className="late-start">
                    <input
                      {...control}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={MAX_LATE_START_MINUTES}
                      step={1}
                      placeholder="0"
                      value={minutesAgo}
                      onChange={(e) => setMinutesAgo(e.target.value)}
                    />
                    {LATE_START_PRESETS.map((minutes) => (
                      <button
                        key={minutes}
                        type="button"
                        aria-pressed={minutesAgo === String(minutes)}
                        aria-label={`Started ${minutes} minutes ago`}
                        onClick={() => setMinutesAgo(minutesAgo === String(minutes) ? '' : String(minutes))}
                      >
                        {minutes} min
                      </button>
                    ))}
                  </div>
                )}
              </FormField>
            </>
          )}
          <button
            type="button"
            className={running ? 'danger timer-button' : 'primary timer-button'}
            onClick={toggle}
            // Not `disabled`: a disabled button loses focus, and this one must keep it.
            aria-disabled={busy || (!running && minutesInvalid)}
          >
            {running ? 'Stop timer' : 'Start timer'}
          </button>
          <ProblemMessage error={start.error ?? stop.error} />
        </>
      )}
    </section>
  );
}
