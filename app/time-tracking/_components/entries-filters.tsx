import type { PaymentStatus } from '@/lib/time-tracking/schemas';
import { FormField } from './form-field';
import { PaymentStatusOptions } from './inputs';

/** The filter inputs as typed: '' is "any". */
export interface FilterValues {
  start_date: string;
  end_date: string;
  payment_status: PaymentStatus | '';
}

export const NO_FILTERS: FilterValues = { start_date: '', end_date: '', payment_status: '' };

const DATE_FILTERS = [
  ['From', 'start_date'],
  ['To', 'end_date'],
] as const;

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
      {DATE_FILTERS.map(([label, name]) => (
        <FormField key={name} label={label}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={filters[name]}
              onChange={(e) => onChange(name, e.target.value)}
            />
          )}
        </FormField>
      ))}
      <FormField label="Payment status">
        {(control) => (
          <select
            {...control}
            value={filters.payment_status}
            onChange={(e) => onChange('payment_status', e.target.value)}
          >
            <option value="">All</option>
            <PaymentStatusOptions />
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
