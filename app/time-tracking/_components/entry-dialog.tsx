'use client';

import { type FormEvent, useId, useState } from 'react';
import { ApiProblemError } from '@/lib/client/api';
import { PAYMENT_STATUS_LABELS, PAYMENT_STATUS_OPTIONS } from '@/lib/client/format';
import { useCreateEntry, useUpdateEntry } from '@/lib/client/hooks';
import {
  fromApiTimestamp,
  fromWallClock,
  toApiTimestamp,
  toDateTimeLocalValue,
  zoneLabel,
  zoneOf,
} from '@/lib/client/zoned-time';
import type {
  PaymentStatus,
  TimeEntry,
  TimeTrackingSettings,
  UpdateTimeEntryInput,
} from '@/lib/time-tracking/schemas';
import { Modal } from './modal';
import { fieldError, ProblemMessage } from './problem-message';

interface EntryDialogProps {
  open: boolean;
  /** The entry to edit; absent to create one. */
  entry?: TimeEntry;
  settings: TimeTrackingSettings;
  onClose: () => void;
}

export function EntryDialog({ open, entry, settings, onClose }: EntryDialogProps) {
  const headingId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={headingId} fallbackFocusId="entries-heading">
      <EntryForm headingId={headingId} entry={entry} settings={settings} onDone={onClose} />
    </Modal>
  );
}

interface FormValues {
  start: string;
  end: string;
  rate: string;
  status: PaymentStatus;
  notes: string;
}

function initialValues(entry: TimeEntry | undefined, settings: TimeTrackingSettings): FormValues {
  const zone = zoneOf(settings.timezone);
  return {
    start: entry ? toDateTimeLocalValue(fromApiTimestamp(entry.start_time), zone) : '',
    end: entry?.end_time ? toDateTimeLocalValue(fromApiTimestamp(entry.end_time), zone) : '',
    rate: String(entry ? entry.hourly_rate : settings.default_hourly_rate),
    status: entry?.payment_status ?? 'not_paid',
    notes: entry?.notes ?? '',
  };
}

const localError = (detail: string, path: string, message: string) =>
  new ApiProblemError({ status: 0, code: 'validation_failed', detail, errors: [{ path, message }] });

function EntryForm({
  headingId,
  entry,
  settings,
  onDone,
}: {
  headingId: string;
  entry?: TimeEntry;
  settings: TimeTrackingSettings;
  onDone: () => void;
}) {
  const create = useCreateEntry();
  const update = useUpdateEntry();
  const [initial] = useState(() => initialValues(entry, settings));
  const [values, setValues] = useState(initial);
  const [localProblem, setLocalProblem] = useState<ApiProblemError | null>(null);
  const zone = zoneOf(settings.timezone);
  const zoneName = zoneLabel(settings.timezone);
  const ids = { start: useId(), end: useId(), rate: useId(), status: useId(), notes: useId(), hint: useId() };
  const error = localProblem ?? (entry ? update.error : create.error);
  const busy = create.isPending || update.isPending;

  const set = (field: keyof FormValues) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  /** A typed wall-clock time in the user's timezone as an explicit UTC instant for the API. */
  function instant(value: string, path: string, label: string): string {
    const parsed = fromWallClock(value, zone);
    if (!parsed) throw localError(`Invalid ${label}: enter a date and time.`, path, 'enter a date and time');
    return toApiTimestamp(parsed);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setLocalProblem(null);
    try {
      if (!values.start) throw localError('Enter when the work started.', 'start_time', 'is required');
      if (values.rate.trim() === '' && entry) {
        throw localError('Enter an hourly rate.', 'hourly_rate', 'is required');
      }
      const rate = values.rate.trim() === '' ? undefined : Number(values.rate);
      if (rate !== undefined && !Number.isFinite(rate)) {
        throw localError('The hourly rate must be a number.', 'hourly_rate', 'must be a number');
      }
      const notes = values.notes.trim() === '' ? null : values.notes;
      if (!entry) {
        create.mutate(
          {
            start_time: instant(values.start, 'start_time', 'start'),
            end_time: values.end ? instant(values.end, 'end_time', 'end') : null,
            hourly_rate: rate,
            payment_status: values.status,
            notes,
          },
          { onSuccess: onDone },
        );
        return;
      }
      // Send only what changed: a time shown to the minute must not cut the seconds off an untouched one.
      const input: UpdateTimeEntryInput = {};
      if (values.start !== initial.start) input.start_time = instant(values.start, 'start_time', 'start');
      if (values.end !== initial.end)
        input.end_time = values.end ? instant(values.end, 'end_time', 'end') : null;
      if (values.rate !== initial.rate) input.hourly_rate = rate;
      if (values.status !== initial.status) input.payment_status = values.status;
      if (values.notes !== initial.notes) input.notes = notes;
      if (Object.keys(input).length === 0) return onDone();
      update.mutate({ id: entry.id, input }, { onSuccess: onDone });
    } catch (caught) {
      if (caught instanceof ApiProblemError) setLocalProblem(caught);
      else throw caught;
    }
  }

  const invalid = (path: string) => fieldError(error, path);
  const describedBy = (path: string, extra?: string) =>
    [invalid(path) ? `${ids.hint}-${path}` : undefined, extra].filter(Boolean).join(' ') || undefined;
  const fieldMessage = (path: string) =>
    invalid(path) ? (
      <p className="field-error" id={`${ids.hint}-${path}`}>
        {invalid(path)}
      </p>
    ) : null;

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <h2 id={headingId}>{entry ? 'Edit entry' : 'New entry'}</h2>
      <p className="hint" id={ids.hint}>
        Times are in your timezone setting, {zoneName}.
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.start}>Start ({zoneName})</label>
          <input
            id={ids.start}
            type="datetime-local"
            required
            data-autofocus
            value={values.start}
            onChange={set('start')}
            aria-invalid={Boolean(invalid('start_time'))}
            aria-describedby={describedBy('start_time', ids.hint)}
          />
          {fieldMessage('start_time')}
        </div>
        <div className="field">
          <label htmlFor={ids.end}>End ({zoneName})</label>
          <input
            id={ids.end}
            type="datetime-local"
            value={values.end}
            onChange={set('end')}
            aria-invalid={Boolean(invalid('end_time'))}
            aria-describedby={describedBy('end_time', `${ids.end}-hint`)}
          />
          <p className="hint" id={`${ids.end}-hint`}>
            Leave empty while the work is still going on.
          </p>
          {fieldMessage('end_time')}
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.rate}>Hourly rate ({settings.currency})</label>
          <input
            id={ids.rate}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={values.rate}
            onChange={set('rate')}
            aria-invalid={Boolean(invalid('hourly_rate'))}
            aria-describedby={describedBy('hourly_rate')}
          />
          {fieldMessage('hourly_rate')}
        </div>
        <div className="field">
          <label htmlFor={ids.status}>Payment status</label>
          <select id={ids.status} value={values.status} onChange={set('status')}>
            {PAYMENT_STATUS_OPTIONS.map((status) => (
              <option key={status} value={status}>
                {PAYMENT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.notes}>Notes</label>
        <textarea
          id={ids.notes}
          rows={3}
          maxLength={10_000}
          value={values.notes}
          onChange={set('notes')}
          aria-invalid={Boolean(invalid('notes'))}
          aria-describedby={describedBy('notes')}
        />
        {fieldMessage('notes')}
      </div>
      <ProblemMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={busy}>
          {busy ? 'Saving…' : entry ? 'Save changes' : 'Add entry'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
