// How problems are shown: one banner for the problem's detail (and any
// field errors no field on the form claims), and a message under each field
// a problem names.
import { Problem } from '../api';

/** ProblemBanner shows a problem's detail; a 503 says to try again. */
export function ProblemBanner({ problem, fields = [] }: { problem: unknown; fields?: string[] }) {
  if (!problem) return null;
  const p = problem instanceof Problem ? problem : new Problem(0, 'error', 'Something went wrong', String(problem));
  const others = p.unnamed(fields);
  const advice =
    p.status === 503 || p.status === 0
      ? ` Nothing was changed. Try again${p.retryAfter ? ` in ${p.retryAfter} second${p.retryAfter === 1 ? '' : 's'}` : ' in a moment'}; what you typed is kept.`
      : '';
  return (
    <div class="problem" role="alert">
      <strong>{p.title}</strong>
      {p.detail || advice ? <p>{p.detail}{advice}</p> : null}
      {others.length > 0 && (
        <ul>
          {others.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** fieldError is the message a problem has for one field. */
export function fieldError(problem: unknown, field: string): string | undefined {
  return problem instanceof Problem ? problem.fieldError(field) : undefined;
}
