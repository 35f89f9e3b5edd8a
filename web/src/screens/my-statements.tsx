// A department head's statements by month: pick a month (this month by
// default, in the org's zone), step to the previous or next one, see its
// status and total, and open it; the last twelve months are listed too.
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import { Problem } from '../api';
import { addMonths, currentMonth, dateTime, lastMonths, money, month as monthName } from '../format';
import { useLoad } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

export function MyStatements() {
  const { client, person } = useApp();
  const now = currentMonth();
  const [month, setMonth] = useState(now);
  const department = person.department ?? '';
  const statement = useLoad(
    () => (department ? client.statement(month, department) : Promise.reject(noDepartment)),
    [month, department],
  );
  const href = (m: string) => `/statements/${m}/${encodeURIComponent(department)}`;
  const s = statement.data?.month === month ? statement.data : undefined;

  return (
    <section>
      <h1>Statements</h1>
      <p class="lede">What IT charged your department each month. A month is a preview until finance closes it.</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <button type="button" class="secondary" onClick={() => setMonth(addMonths(month, -1))}>
          ‹ Previous month
        </button>
        <div class="field">
          <label for="statements-month">Month</label>
          <input
            id="statements-month"
            type="month"
            value={month}
            max={now}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (/^\d{4}-\d{2}$/.test(v) && v <= now) setMonth(v);
            }}
          />
        </div>
        <button type="button" class="secondary" onClick={() => setMonth(addMonths(month, 1))} disabled={month >= now}>
          Next month ›
        </button>
      </form>

      <div class="panel" aria-live="polite">
        <h2>{monthName(month)}</h2>
        <ProblemBanner problem={statement.problem} />
        {!s && !statement.problem && <p>Loading…</p>}
        {s && (
          <>
            <p>
              {s.status === 'closed' ? (
                <>
                  <span class="badge closed">Closed</span> on {dateTime(s.closed_at)}
                </>
              ) : (
                <span class="badge open">Preview, not final</span>
              )}
            </p>
            <p>
              Total <strong>{money(s.total)}</strong> over {s.lines.length} {s.lines.length === 1 ? 'line' : 'lines'}.
            </p>
            <p>
              <Link href={href(month)}>Open the statement for {monthName(month)}</Link>
            </p>
          </>
        )}
      </div>

      <h2>The last twelve months</h2>
      <ul class="months">
        {lastMonths(now, 12).map((m) => (
          <li key={m}>
            <Link href={href(m)}>{monthName(m)}</Link>
            {m === now ? ' (this month)' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

const noDepartment = new Problem(403, 'no_department', 'No department', 'Your sign-in names no department, so there is no statement to show. Ask IT to add your department to your account.');
