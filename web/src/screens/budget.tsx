// A department head's home: this fiscal year's budget as a bar (spent,
// committed, subscriptions to come, against the budget), how it stands,
// and the open requests the commitment is made of, each linked to its
// request. Without a budget the figures are shown all the same.
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import { currentFiscalYear, fiscalYearSpan, leftOrOver, money, month, percent, status as statusLabel, thresholds } from '../format';
import { BudgetBadge, BudgetBar } from '../ui/budget-bar';
import { useLoad } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

export function BudgetHome() {
  const { client, person } = useApp();
  const dept = person.department ?? '';
  const year = currentFiscalYear();
  const f = useLoad(() => client.budget(year, dept), [year, dept]);
  const departments = useLoad(() => client.departments(), []);
  const services = useLoad(() => client.services({ includeRetired: true }), []);
  const name = departments.data?.items.find((d) => d.id === dept)?.name ?? dept;
  const serviceName = (id: string) => services.data?.items.find((s) => s.id === id)?.name ?? id;
  const span = fiscalYearSpan(year);

  return (
    <section>
      <h1>
        {name} budget, fiscal year {year}
      </h1>
      <p class="lede">
        {span !== year ? `${span}. ` : ''}What the year is heading for: what is spent, what open requests commit, and what running
        subscriptions will still cost.
      </p>
      <ProblemBanner problem={f.problem} />
      {f.loading && !f.data && <p aria-live="polite">Loading the budget…</p>}
      {f.data && (
        <>
          {f.data.budget ? (
            <p class="budget-status">
              <BudgetBadge status={f.data.status} /> {percent(f.data.used_percent)} of the budget used by the forecast;{' '}
              {leftOrOver(f.data.remaining)}.
              <span class="meta"> Warning at {thresholds(f.data.budget.thresholds)}.</span>
            </p>
          ) : (
            <p class="notice">
              Finance has set no budget for {name} for fiscal year {year}. The figures below are what the year is heading for all the same.
            </p>
          )}
          <BudgetBar f={f.data} label={`${name}, fiscal year ${year}`} />
          <p class="meta">As of {month(f.data.as_of)}: closed months as frozen, this month as its statement so far.</p>
          <h2>Committed</h2>
          {f.data.commitments.length === 0 ? (
            <p>No open requests: nothing is committed.</p>
          ) : (
            <div class="table-wrap">
              <table class="stack">
                <caption>Open requests, each at its estimated charge for the rest of the year</caption>
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Request</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      Committed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.data.commitments.map((c) => (
                    <tr key={c.request_id}>
                      <th scope="row">
                        <Link href={`/requests/${encodeURIComponent(c.request_id)}`}>{serviceName(c.service_id)}</Link>
                      </th>
                      <td data-label="Request">
                        <code class="line-id">{c.request_id}</code>
                      </td>
                      <td data-label="Status">
                        <span class={`badge ${c.status}`}>{statusLabel(c.status)}</span>
                      </td>
                      <td class="num" data-label="Committed">
                        {money(c.amount)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3} class="total">
                      Committed in all
                    </th>
                    <td class="num total">{money(f.data.committed)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
