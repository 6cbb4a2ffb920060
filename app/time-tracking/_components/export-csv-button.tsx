'use client';

import { useState } from 'react';
import { useApiClient } from '@/lib/client/hooks';
import type { FilterValues } from './entries-filters';
import { ProblemMessage } from './problem-message';

/** Downloads GET /entries/export for the table's current filters, under the server's filename. */
export function ExportCsvButton({ filters }: { filters: FilterValues }) {
  const api = useApiClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await api.exportEntriesCsv({
        start_date: filters.start_date || undefined,
        end_date: filters.end_date || undefined,
        payment_status: filters.payment_status || undefined,
      });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser the time to start the download before the URL goes.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onClick={download} aria-disabled={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error ? <ProblemMessage error={error} /> : null}
    </>
  );
}
