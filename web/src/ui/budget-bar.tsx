// A department's fiscal year as one bar: what is spent, what open requests
// commit and what running subscriptions will still cost, laid end to end
// against the budget's mark. The bar only draws; every figure is written
// beside it in words, and each part has its own pattern as well as its
// colour, so nothing is said by colour alone.
import type { BudgetStatus, Forecast } from '../api';
import { budgetStatus, money, percent } from '../format';

/** parts are the bar's segments, left to right, as the legend names them. */
const parts = [
  { key: 'actual', label: 'Spent', hint: 'statements so far this year' },
  { key: 'committed', label: 'Committed', hint: 'open requests at their estimated charge' },
  { key: 'recurring', label: 'Subscriptions to come', hint: 'running subscriptions for the rest of the year' },
] as const;

/** BudgetBar draws forecast f against its budget, with a legend holding every figure. */
export function BudgetBar({ f, label }: { f: Forecast; label: string }) {
  const budget = f.budget ? Number(f.budget.amount) : 0;
  // Widths are for drawing only: every amount shown is the API's own string.
  const scale = Math.max(budget, Number(f.forecast), 0);
  const width = (amount: string) => (scale > 0 ? Math.max(0, (Number(amount) / scale) * 100) : 0);
  const summary = f.budget
    ? `${label}: forecast ${money(f.forecast)} of a ${money(f.budget.amount)} budget, ${percent(f.used_percent)} used`
    : `${label}: forecast ${money(f.forecast)}, no budget set`;
  return (
    <figure class="budget">
      <div class="budget-bar" role="img" aria-label={summary}>
        {parts.map((p) => (
          <span key={p.key} class={`seg ${p.key}`} style={{ width: `${width(f[p.key])}%` }} />
        ))}
        {f.budget && (
          <span class={`budget-mark${width(f.budget.amount) > 50 ? ' end' : ''}`} style={{ left: `${width(f.budget.amount)}%` }}>
            <span>Budget</span>
          </span>
        )}
      </div>
      <figcaption>
        <dl class="budget-legend">
          {parts.map((p) => (
            <div key={p.key}>
              <dt>
                <span class={`swatch ${p.key}`} aria-hidden="true" />
                {p.label}
              </dt>
              <dd>
                {money(f[p.key])} <small>{p.hint}</small>
              </dd>
            </div>
          ))}
          <div class="sum">
            <dt>Forecast</dt>
            <dd>{money(f.forecast)}</dd>
          </div>
          <div class="sum">
            <dt>Budget</dt>
            <dd>{f.budget ? money(f.budget.amount) : 'None set'}</dd>
          </div>
        </dl>
      </figcaption>
    </figure>
  );
}

/** BudgetBadge says in words how a forecast stands: within budget, past a threshold, over, or no budget. */
export function BudgetBadge({ status }: { status: BudgetStatus | null }) {
  return <span class={`badge budget-${status ?? 'none'}`}>{budgetStatus(status)}</span>;
}
