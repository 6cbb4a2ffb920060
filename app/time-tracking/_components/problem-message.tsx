import { ApiProblemError } from '@/lib/client/api';

/** The words of a failed request: the problem's `detail`, and each field's message when there are several. */
export function ProblemMessage({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const detail =
    error instanceof ApiProblemError
      ? error.detail
      : `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
  const fieldErrors = error instanceof ApiProblemError && error.errors.length > 1 ? error.errors : [];
  return (
    <div className="problem" role="alert" id={id}>
      <p>{detail}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The server's message for one field, if it named that field. */
export function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiProblemError ? error.fieldError(path) : undefined;
}
