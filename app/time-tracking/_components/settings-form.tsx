'use client';

import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiProblemError } from '@/lib/client/api';
import { useUpdateSettings } from '@/lib/client/hooks';
import type { TimeTrackingSettings, UpdateSettingsInput } from '@/lib/time-tracking/schemas';
import { fieldError, ProblemMessage } from './problem-message';

const OFFSET_SUGGESTIONS = [
  'UTC',
  'UTC-8',
  'UTC-5',
  'UTC-3',
  'UTC+1',
  'UTC+2',
  'UTC+05:30',
  'UTC+8',
  'UTC+9',
];

function currencyOptions(current: string): { code: string; name: string }[] {
  const names = new Intl.DisplayNames(undefined, { type: 'currency' });
  const codes = new Set(Intl.supportedValuesOf('currency'));
  codes.add(current);
  return [...codes].sort().map((code) => ({ code, name: names.of(code) ?? code }));
}

/** Default hourly rate (for new entries), currency and timezone. */
export function SettingsForm({ settings }: { settings: TimeTrackingSettings }) {
  const update = useUpdateSettings();
  const [values, setValues] = useState({
    rate: String(settings.default_hourly_rate),
    currency: settings.currency,
    timezone: settings.timezone,
  });
  const [localProblem, setLocalProblem] = useState<ApiProblemError | null>(null);
  const [saved, setSaved] = useState('');
  const ids = { rate: useId(), currency: useId(), timezone: useId(), zones: useId(), tzHint: useId() };
  const currencies = useMemo(() => currencyOptions(settings.currency), [settings.currency]);
  const zones = useMemo(() => [...OFFSET_SUGGESTIONS, ...Intl.supportedValuesOf('timeZone')], []);
  const error = localProblem ?? update.error;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    setSaved('');
    setLocalProblem(null);
    const rate = Number(values.rate);
    if (values.rate.trim() === '' || !Number.isFinite(rate)) {
      setLocalProblem(
        new ApiProblemError({
          status: 0,
          code: 'validation_failed',
          detail: 'Enter a default hourly rate (a number, 0 or more).',
          errors: [{ path: 'default_hourly_rate', message: 'must be a number' }],
        }),
      );
      return;
    }
    const input: UpdateSettingsInput = {};
    if (rate !== settings.default_hourly_rate) input.default_hourly_rate = rate;
    if (values.currency !== settings.currency) input.currency = values.currency;
    if (values.timezone.trim() !== settings.timezone) input.timezone = values.timezone.trim();
    if (Object.keys(input).length === 0) {
      setSaved('Nothing to save: these are your current settings.');
      return;
    }
    update.mutate(input, {
      onSuccess: (next) => {
        setValues({
          rate: String(next.default_hourly_rate),
          currency: next.currency,
          timezone: next.timezone,
        });
        setSaved('Settings saved.');
      },
    });
  }

  const invalid = (path: string) => fieldError(error, path);

  return (
    <section className="card settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form onSubmit={onSubmit} noValidate>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.rate}>Default hourly rate</label>
            <input
              id={ids.rate}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              value={values.rate}
              onChange={(e) => setValues((v) => ({ ...v, rate: e.target.value }))}
              aria-invalid={Boolean(invalid('default_hourly_rate'))}
              aria-describedby={`${ids.rate}-hint`}
            />
            <p className="hint" id={`${ids.rate}-hint`}>
              {invalid('default_hourly_rate') ?? 'Used for new entries and timers.'}
            </p>
          </div>
          <div className="field">
            <label htmlFor={ids.currency}>Currency</label>
            <select
              id={ids.currency}
              value={values.currency}
              onChange={(e) => setValues((v) => ({ ...v, currency: e.target.value }))}
              aria-invalid={Boolean(invalid('currency'))}
            >
              {currencies.map(({ code, name }) => (
                <option key={code} value={code}>
                  {code} — {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.timezone}>Timezone</label>
            <input
              id={ids.timezone}
              list={ids.zones}
              autoComplete="off"
              spellCheck={false}
              value={values.timezone}
              onChange={(e) => setValues((v) => ({ ...v, timezone: e.target.value }))}
              aria-invalid={Boolean(invalid('timezone'))}
              aria-describedby={ids.tzHint}
            />
            <datalist id={ids.zones}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <p className="hint" id={ids.tzHint}>
              {invalid('timezone') ??
                'UTC, an offset such as UTC-3 or UTC+05:30, or a name such as America/Sao_Paulo. It sets your days and weeks.'}
            </p>
          </div>
        </div>
        <ProblemMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" aria-disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save settings'}
          </button>
          <p className="status-message" role="status">
            {saved}
          </p>
        </div>
      </form>
    </section>
  );
}
