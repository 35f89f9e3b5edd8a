// Leadership's and finance's forecast: every department's fiscal year
// against its budget (spent, committed, subscriptions to come, forecast,
// budget, used and status), most used first, in a table whose columns
// sort; on a phone each department is a block of labelled figures.
import { useState } from 'preact/hooks';
import { useApp } from '../app';
import type { Forecast } from '../api';
import { currentFiscalYear, leftOrOver, money, month, percent } from '../format';
import { BudgetBadge } from '../ui/budget-bar';
import { useLoad } from '../ui/hooks';
import { YearPicker } from '../ui/year-picker';
import { ProblemBanner } from '../ui/problem';
import { SortableTable, type Column } from '../ui/table';

const statusOrder = { over: 3, warning: 2, ok: 1 } as const;

export function ForecastPage() {
  const { client } = useApp();
  const [year, setYear] = useState(currentFiscalYear());
  const list = useLoad(() => client.budgets(year), [year]);
  const departments = useLoad(() => client.departments(), []);
  const names = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const name = (f: Forecast) => names.get(f.department) ?? f.department;

  const columns: Column<Forecast>[] = [
    { key: 'department', label: 'Department', sortValue: name, render: name },
    { key: 'actual', label: 'Spent', numeric: true, sortValue: (f) => f.actual, render: (f) => money(f.actual) },
    { key: 'committed', label: 'Committed', numeric: true, sortValue: (f) => f.committed, render: (f) => money(f.committed) },
    { key: 'recurring', label: 'Subscriptions to come', numeric: true, sortValue: (f) => f.recurring, render: (f) => money(f.recurring) },
    { key: 'forecast', label: 'Forecast', numeric: true, sortValue: (f) => f.forecast, render: (f) => money(f.forecast) },
    { key: 'budget', label: 'Budget', numeric: true, sortValue: (f) => f.budget?.amount ?? null, render: (f) => (f.budget ? money(f.budget.amount) : 'None') },
    {
      key: 'used', label: 'Used', numeric: true, sortValue: (f) => f.used_percent,
      render: (f) => (
        <span>
          {percent(f.used_percent)}
          {f.remaining != null && <small class="block">{leftOrOver(f.remaining)}</small>}
        </span>
      ),
    },
    { key: 'status', label: 'Status', sortValue: (f) => (f.status ? statusOrder[f.status] : null), render: (f) => <BudgetBadge status={f.status} /> },
  ];

  return (
    <section class="forecast-page">
      <h1>Forecast</h1>
      <p class="lede">
        What each department's fiscal year is heading for: spent so far, committed by open requests, and what running subscriptions
        will still cost, against its budget. Most used first.
      </p>
      <YearPicker id="forecast-year" year={year} onChange={setYear} />
      <ProblemBanner problem={list.problem} />
      {list.loading && !list.data && <p aria-live="polite">Loading the forecast…</p>}
      {list.data && (
        <>
          <SortableTable
            caption={`Forecast for fiscal year ${list.data.year}`}
            columns={columns}
            rows={list.data.items}
            rowKey={(f) => f.department}
            initial={{ key: 'used', descending: true }}
            stack
          />
          {list.data.items[0] && <p class="meta">As of {month(list.data.items[0].as_of)}.</p>}
        </>
      )}
    </section>
  );
}
