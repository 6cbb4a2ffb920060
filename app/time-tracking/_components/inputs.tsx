import { type InputHTMLAttributes, useState } from 'react';
import { PAYMENT_STATUS_LABELS, PAYMENT_STATUS_OPTIONS } from '@/lib/client/format';

/** The four payment statuses as the <option>s of a select, labelled for people. */
export function PaymentStatusOptions() {
  return PAYMENT_STATUS_OPTIONS.map((status) => (
    <option key={status} value={status}>
      {PAYMENT_STATUS_LABELS[status]}
    </option>
  ));
}

/** A rate: a number ≥ 0 typed with the decimal keypad on a phone (the server checks the decimals). */
export function RateInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} type="number" inputMode="decimal" min={0} step="any" />;
}

/** A form's values as typed, and for each field the change handler of its control. */
export function useFormValues<T extends { [K in keyof T]: string }>(initial: T) {
  const [values, setValues] = useState(initial);
  const set = (field: keyof T) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));
  return { values, setValues, set };
}
