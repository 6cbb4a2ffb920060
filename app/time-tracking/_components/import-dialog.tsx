'use client';

import { type ChangeEvent, useState } from 'react';
import { ApiProblemError } from '@/lib/client/api';
import {
  batchIndexOf,
  IMPORT_FORMAT_NAMES,
  type ImportRow,
  type ParsedImport,
  parseImport,
} from '@/lib/client/csv-import';
import { useImportEntries } from '@/lib/client/hooks';
import { zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import { Modal } from './modal';
import { ProblemMessage } from './problem-message';

/** POST /entries/bulk takes at most this many entries; a larger import goes in several batches. */
const BATCH_SIZE = 1000;

/** The "Import" button and its dialog: paste or choose a CSV, preview it, import it in batches. */
export function ImportButton({ settings }: { settings: TimeTrackingSettings }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Import
      </button>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy="import-heading">
        <ImportForm settings={settings} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

function ImportForm({ settings, onDone }: { settings: TimeTrackingSettings; onDone: () => void }) {
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<ParsedImport | null>(null);
  const [parseError, setParseError] = useState('');
  /** Server errors per row index (0-based in `parsed.rows`). */
  const [serverErrors, setServerErrors] = useState<Map<number, string>>(new Map());
  const [imported, setImported] = useState(0);
  const [message, setMessage] = useState('');
  const importEntries = useImportEntries();
  const zone = zoneOf(settings.timezone);

  function read(value: string) {
    setText(value);
    setServerErrors(new Map());
    setMessage('');
    setImported(0);
    importEntries.reset();
    if (!value.trim()) {
      setParsed(null);
      setParseError('');
      return;
    }
    try {
      setParsed(parseImport(value, zone));
      setParseError('');
    } catch (error) {
      setParsed(null);
      setParseError(error instanceof Error ? error.message : String(error));
    }
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) read(await file.text());
  }

  const rows = parsed?.rows ?? [];
  const readable = rows.filter((row) => row.body);
  const clientErrors = rows.filter((row) => row.error).length;

  async function submit() {
    if (!parsed || clientErrors > 0 || readable.length === 0) return;
    setServerErrors(new Map());
    setMessage('');
    // Rows already imported by an earlier, partly failed attempt are not sent again.
    let done = imported;
    for (let from = done; from < readable.length; from += BATCH_SIZE) {
      const batch = readable.slice(from, from + BATCH_SIZE);
      try {
        await importEntries.mutateAsync(batch.map((row) => row.body!));
      } catch (error) {
        if (error instanceof ApiProblemError) {
          const marks = new Map<number, string>();
          for (const e of error.errors) {
            const index = batchIndexOf(e.path);
            if (index === undefined) continue;
            const row = rows.indexOf(batch[index]!);
            const field = e.path.split('.').slice(2).join('.');
            marks.set(
              row,
              `${marks.has(row) ? `${marks.get(row)}; ` : ''}${field ? `${field}: ` : ''}${e.message}`,
            );
          }
          setServerErrors(marks);
        }
        setMessage(
          done > 0
            ? `Imported the first ${done} of ${readable.length} entries; the next batch was refused and nothing of it was imported. Import again to send the rest, or remove the first ${done} rows from the file before changing it.`
            : '',
        );
        return;
      }
      done = from + batch.length;
      setImported(done);
    }
    setMessage(`Imported ${done} ${done === 1 ? 'entry' : 'entries'}.`);
  }

  const finished = imported > 0 && imported === readable.length;

  return (
    <div className="import-form">
      <h2 id="import-heading">Import entries</h2>
      <p className="hint">
        Paste or choose a CSV: this app’s export, or a Toggl Track or Clockify detailed report. Their times
        are read in your timezone setting, {zoneLabel(settings.timezone)}. Every row must have an end.
      </p>
      <label className="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv" onChange={chooseFile} />
      </label>
      <label className="field">
        <span>Or paste the CSV</span>
        <textarea rows={5} value={text} onChange={(event) => read(event.target.value)} data-autofocus />
      </label>
      {parseError && (
        <div className="problem" role="alert">
          <p>{parseError}</p>
        </div>
      )}
      {parsed && (
        <>
          <p>
            {IMPORT_FORMAT_NAMES[parsed.format]}: {rows.length} {rows.length === 1 ? 'row' : 'rows'}
            {clientErrors > 0 && `, ${clientErrors} with errors (fix them in the file)`}.
          </p>
          <div className="table-wrap">
            <table className="entries-table import-preview">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Start</th>
                  <th scope="col">End</th>
                  <th scope="col">Notes</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row: ImportRow, index) => {
                  const problem = row.error ?? serverErrors.get(index);
                  return (
                    <tr
                      key={row.line}
                      className={problem ? 'row-error' : undefined}
                      aria-invalid={Boolean(problem)}
                    >
                      <td className="num">{row.line}</td>
                      <td>{row.start}</td>
                      <td>{row.end}</td>
                      <td className="notes">{row.notes}</td>
                      <td className="field-error">{problem ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {importEntries.error && serverErrors.size === 0 ? <ProblemMessage error={importEntries.error} /> : null}
      <p className="status-message" role="status">
        {message}
      </p>
      <div className="actions">
        {!finished && (
          <button
            type="button"
            className="primary"
            onClick={submit}
            aria-disabled={importEntries.isPending || !parsed || clientErrors > 0 || readable.length === 0}
          >
            {importEntries.isPending
              ? 'Importing…'
              : `Import ${readable.length || ''} entries`.replace('  ', ' ')}
          </button>
        )}
        <button type="button" onClick={onDone}>
          {finished ? 'Close' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}
