'use client';

import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiProblemError } from '@/lib/client/api';
import { useUpdateSettings } from '@/lib/client/hooks';
import type { TimeTrackingSettings, UpdateSettingsInput } from '@/lib/time-tracking/schemas';
import { FormField } from './form-field';
import { RateInput, useFormValues } from './inputs';
import { fieldError, ProblemMessage } from './problem-message';

// The existing frontend's choices (UTC-12 … UTC+0 … UTC+12, and UTC+5:30), then every IANA zone.
const OFFSET_SUGGESTIONS = [
  'UTC',
  ...Array.from({ length: 25 }, (_, i) => i - 12).map((h) => `UTC${h < 0 ? '-' : '+'}${Math.abs(h)}`),
  'UTC+5:30',
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
  const { values, setValues, set } = useFormValues({
    rate: String(settings.default_hourly_rate),
    currency: settings.currency,
    timezone: settings.timezone,
  });
  const [localProblem, setLocalProblem] = useState<ApiProblemError | null>(null);
  const [saved, setSaved] = useState('');
  const zonesId = useId();
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
          <FormField
            label="Default hourly rate"
            hint="Used for new entries and timers."
            error={invalid('default_hourly_rate')}
          >
            {(control) => <RateInput {...control} value={values.rate} onChange={set('rate')} />}
          </FormField>
          <FormField label="Currency" error={invalid('currency')}>
            {(control) => (
              <select {...control} value={values.currency} onChange={set('currency')}>
                {currencies.map(({ code, name }) => (
                  <option key={code} value={code}>
                    {code} — {name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            label="Timezone"
            hint="UTC, an offset such as UTC-3 or UTC+05:30, or a name such as America/Sao_Paulo. It sets your days and weeks."
            error={invalid('timezone')}
          >
            {(control) => (
              <>
                <input
                  {...control}
                  list={zonesId}
                  autoComplete="off"
                  spellCheck={false}
                  value={values.timezone}
                  onChange={set('timezone')}
                />
                <datalist id={zonesId}>
                  {zones.map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
              </>
            )}
          </FormField>
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
