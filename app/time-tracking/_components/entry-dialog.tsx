'use client';

import { type FormEvent, useId, useState } from 'react';
import { ApiProblemError } from '@/lib/client/api';
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
import { FormField } from './form-field';
import { PaymentStatusOptions, RateInput, useFormValues } from './inputs';
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
  const { values, set } = useFormValues(initial);
  const [localProblem, setLocalProblem] = useState<ApiProblemError | null>(null);
  const zone = zoneOf(settings.timezone);
  const zoneName = zoneLabel(settings.timezone);
  const hintId = useId();
  const error = localProblem ?? (entry ? update.error : create.error);
  const busy = create.isPending || update.isPending;

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

  return (
    <form onSubmit={onSubmit} noValidate className="entry-form">
      <h2 id={headingId}>{entry ? 'Edit entry' : 'New entry'}</h2>
      <p className="hint" id={hintId}>
        Times are in your timezone setting, {zoneName}.
      </p>
      <div className="field-row">
        <FormField label={`Start (${zoneName})`} error={invalid('start_time')} describedBy={hintId}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              required
              data-autofocus
              value={values.start}
              onChange={set('start')}
            />
          )}
        </FormField>
        <FormField
          label={`End (${zoneName})`}
          hint="Leave empty while the work is still going on."
          error={invalid('end_time')}
        >
          {(control) => <input {...control} type="datetime-local" value={values.end} onChange={set('end')} />}
        </FormField>
      </div>
      <div className="field-row">
        <FormField label={`Hourly rate (${settings.currency})`} error={invalid('hourly_rate')}>
          {(control) => <RateInput {...control} value={values.rate} onChange={set('rate')} />}
        </FormField>
        <FormField label="Payment status" error={invalid('payment_status')}>
          {(control) => (
            <select {...control} value={values.status} onChange={set('status')}>
              <PaymentStatusOptions />
            </select>
          )}
        </FormField>
      </div>
      <FormField label="Notes" error={invalid('notes')}>
        {(control) => (
          <textarea {...control} rows={3} maxLength={10_000} value={values.notes} onChange={set('notes')} />
        )}
      </FormField>
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
