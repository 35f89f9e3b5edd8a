// Finance's and leadership's months: the last twelve, this month first,
// each with its close status and, once closed, its total; each opens the
// month's statements.
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import { currentMonth, dateTime, lastMonths, money, month as monthName, periodStatus } from '../format';
import { useLoad } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

export function Months() {
  const { client } = useApp();
  const now = currentMonth();
  const periods = useLoad(() => Promise.all(lastMonths(now, 12).map((m) => client.period(m))), [now]);

  return (
    <section>
      <h1>Months</h1>
      <p class="lede">
        Each month's statements. A month is open while it runs and until finance closes it; a closed month is frozen and its statements
        carry a checksum.
      </p>
      <ProblemBanner problem={periods.problem} />
      {periods.loading && !periods.data && <p aria-live="polite">Loading the months…</p>}
      {periods.data && (
        <div class="table-wrap" role="region" aria-label="Months" tabIndex={0}>
          <table class="stack">
            <caption>The last twelve months</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Status</th>
                <th scope="col">Closed</th>
                <th scope="col" class="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {periods.data.map((p) => (
                <tr key={p.month}>
                  <th scope="row" data-label="Month">
                    <Link href={`/months/${p.month}`}>{monthName(p.month)}</Link>
                  </th>
                  <td data-label="Status">
                    <span>
                      <span class={`badge ${p.status}`}>{periodStatus(p.status)}</span>
                      {p.status === 'open' && (p.month === now ? ' this month' : ' not yet closed')}
                    </span>
                  </td>
                  <td data-label="Closed">{p.closed_at ? `${dateTime(p.closed_at)} by ${p.closed_by ?? '—'}` : '—'}</td>
                  <td class="num" data-label="Total">{p.status === 'closed' ? money(p.total) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
