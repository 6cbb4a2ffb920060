import { PAYMENT_STATUS_LABELS, PAYMENT_STATUS_OPTIONS } from '@/lib/client/format';
import type { PaymentStatus } from '@/lib/time-tracking/schemas';
import { FormField } from './form-field';

/** The filter inputs as typed: '' is "any". */
export interface FilterValues {
  start_date: string;
  end_date: string;
  payment_status: PaymentStatus | '';
}

export const NO_FILTERS: FilterValues = { start_date: '', end_date: '', payment_status: '' };

export const isFiltered = (filters: FilterValues) =>
  Boolean(filters.start_date || filters.end_date || filters.payment_status);

/** From and to dates and a payment status; "Clear filters" once any is set. */
export function EntriesFilters({
  filters,
  onChange,
  onClear,
}: {
  filters: FilterValues;
  onChange: (field: keyof FilterValues, value: string) => void;
  onClear: () => void;
}) {
  return (
    <fieldset className="filters">
      <legend>Filter</legend>
      <FormField label="From">
        {(control) => (
          <input
            {...control}
            type="date"
            value={filters.start_date}
            onChange={(e) => onChange('start_date', e.target.value)}
          />
        )}
      </FormField>
      <FormField label="To">
        {(control) => (
          <input
            {...control}
            type="date"
            value={filters.end_date}
            onChange={(e) => onChange('end_date', e.target.value)}
          />
        )}
      </FormField>
      <FormField label="Payment status">
        {(control) => (
          <select
            {...control}
            value={filters.payment_status}
            onChange={(e) => onChange('payment_status', e.target.value)}
          >
            <option value="">All</option>
            {PAYMENT_STATUS_OPTIONS.map((status) => (
              <option key={status} value={status}>
                {PAYMENT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {isFiltered(filters) && (
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}
