import { type ReactNode, useId } from 'react';

/** What the control needs to be tied to its label, hint and error; spread it onto the input, select or textarea. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FormFieldProps {
  label: ReactNode;
  /** A sentence under the control. */
  hint?: ReactNode;
  /** The message for this field, when the server (or the form) named it. */
  error?: string;
  /** Ids of other text that describes the control, such as a hint above several fields. */
  describedBy?: string;
  /** The control itself, given the id and ARIA attributes to spread onto it. */
  children: (control: FieldControlProps) => ReactNode;
}

/** A label, its control, an optional hint and the field's error message, wired together by id. */
export function FormField({ label, hint, error, describedBy, children }: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [error ? errorId : undefined, hint ? hintId : undefined, describedBy].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': described.length > 0 ? described.join(' ') : undefined,
      })}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
