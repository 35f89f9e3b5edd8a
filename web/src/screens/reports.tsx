// Leadership's reports over a month range: cost, volume, speed and
// satisfaction per service and per department, as sortable tables with
// CSV downloads, and the cost/satisfaction chart beside them. The tables
// and the chart are loaded together, so they always show the same range.
import { useState } from 'preact/hooks';
import { useApp } from '../app';
import type { DepartmentReport, Metrics, ServiceReport } from '../api';
import { addMonths, currentMonth, hours, money, month as monthName, percent, score } from '../format';
import { save } from '../ui/download';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { SortableTable, type Column } from '../ui/table';

type ServiceRow = ServiceReport['items'][number];
type DepartmentRow = DepartmentReport['items'][number];

export function Reports() {
  const { client } = useApp();
  const now = currentMonth();
  const [range, setRange] = useState({ from: addMonths(now, -2), to: now });
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const report = useLoad(async () => {
    const [services, departments, chart] = await Promise.all([
      client.serviceReport(range.from, range.to),
      client.departmentReport(range.from, range.to),
      client.chart(range.from, range.to),
    ]);
    return { range, services, departments, chart };
  }, [range.from, range.to]);
  const download = useSubmission();
  const get = (what: () => Promise<Parameters<typeof save>[0]>) => void download.run(async () => save(await what()));

  const r = report.data;
  const span = r ? rangeName(r.range.from, r.range.to) : '';
  return (
    <section>
      <h1>Reports</h1>
      <p class="lede">Cost, volume, speed and satisfaction by service and by department. A figure with nothing to measure shows “—”.</p>
      <form
        class="filters"
        aria-label="Month range"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ from, to });
        }}
      >
        <div class="field">
          <label for="report-from">From</label>
          <input id="report-from" type="month" value={from} max={now} onInput={(e) => setFrom(e.currentTarget.value)} required />
        </div>
        <div class="field">
          <label for="report-to">To</label>
          <input id="report-to" type="month" value={to} max={now} onInput={(e) => setTo(e.currentTarget.value)} required />
        </div>
        <div class="field">
          <button type="submit" disabled={report.loading}>
            Show
          </button>
        </div>
      </form>
      <ProblemBanner problem={report.problem ?? download.problem} />
      <p aria-live="polite" class="count">
        {report.loading ? 'Loading the reports…' : r ? `Showing ${span}.` : ''}
      </p>

      {r && (
        <>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => get(() => client.serviceReportCSV(r.range.from, r.range.to))}>
              Download service report (CSV)
            </button>
            <button type="button" class="secondary" onClick={() => get(() => client.departmentReportCSV(r.range.from, r.range.to))}>
              Download department report (CSV)
            </button>
            <button type="button" class="secondary" onClick={() => save(r.chart)}>
              Download chart (SVG)
            </button>
          </div>
          <div class="report">
            <SortableTable
              caption={`Services, ${span}`}
              columns={serviceColumns}
              rows={r.services.items}
              rowKey={(s) => s.service_id}
              initial={{ key: 'charged', descending: true }}
              foot={<TotalsRow totals={r.services.totals} />}
            />
          </div>
          {r.services.adjustments_without_service !== '0.00' && (
            <p class="hint">
              Adjustments that name no service, {money(r.services.adjustments_without_service)}, are in no row or total of this table; the departments' charges below include them.
            </p>
          )}
          <figure class="chart">
            <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(r.chart.text)}`} alt={chartAlt(r.chart.text, span)} />
            <figcaption>
              The services above that have survey answers: average cost per request across, average satisfaction up, bubble size the number of
              requests.
            </figcaption>
          </figure>
          <div class="report">
            <SortableTable
              caption={`Departments, ${span}`}
              columns={departmentColumns}
              rows={r.departments.items}
              rowKey={(d) => d.department}
              initial={{ key: 'charged', descending: true }}
            />
          </div>
        </>
      )}
    </section>
  );
}

function rangeName(from: string, to: string): string {
  return from === to ? monthName(from) : `${monthName(from)} to ${monthName(to)}`;
}

/**
 * chartAlt names the chart by its own title and says where its figures
 * are: the services table above holds every one of them, so the alt text
 * stays short for a screen reader instead of reading out thirty services.
 */
function chartAlt(svg: string, span: string): string {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const plotted = doc.querySelectorAll('circle > title').length;
  const title = doc.querySelector('svg > title')?.textContent || `Cost and satisfaction by service, ${span}`;
  return plotted > 0
    ? `${title}: ${plotted} services plotted; their figures are in the services table above.`
    : `${title}: no service has survey answers in this range.`;
}

const metricColumns: Column<Metrics>[] = [
  { key: 'requests', label: 'Requests', numeric: true, sortValue: (m) => m.requests, render: (m) => m.requests },
  { key: 'fulfilled', label: 'Fulfilled', numeric: true, sortValue: (m) => m.fulfilled, render: (m) => m.fulfilled },
  { key: 'charged', label: 'Charged', numeric: true, sortValue: (m) => m.charged, render: (m) => money(m.charged) },
  { key: 'cost_per_unit', label: 'Cost per unit', numeric: true, sortValue: (m) => m.cost_per_unit, render: (m) => money(m.cost_per_unit) },
  { key: 'avg_score', label: 'Avg score', numeric: true, sortValue: (m) => m.avg_score, render: (m) => score(m.avg_score) },
  { key: 'csat_percent', label: 'CSAT', numeric: true, sortValue: (m) => m.csat_percent, render: (m) => percent(m.csat_percent) },
  { key: 'sla_met_percent', label: 'SLA met', numeric: true, sortValue: (m) => m.sla_met_percent, render: (m) => percent(m.sla_met_percent) },
  { key: 'median_hours', label: 'Median time', numeric: true, sortValue: (m) => m.median_hours, render: (m) => hours(m.median_hours) },
  { key: 'p90_hours', label: 'p90 time', numeric: true, sortValue: (m) => m.p90_hours, render: (m) => hours(m.p90_hours) },
];

const serviceColumns: Column<ServiceRow>[] = [
  { key: 'service', label: 'Service', sortValue: (s) => s.service_name, render: (s) => s.service_name },
  { key: 'category', label: 'Category', sortValue: (s) => s.category, render: (s) => s.category },
  ...(metricColumns as Column<ServiceRow>[]),
];

function TotalsRow({ totals }: { totals: Metrics }) {
  return (
    <tr>
      <th scope="row" colSpan={2}>
        All services
      </th>
      {metricColumns.map((c) => (
        <td key={c.key} class="num total">
          {c.render(totals)}
        </td>
      ))}
    </tr>
  );
}

const departmentColumns: Column<DepartmentRow>[] = [
  { key: 'department', label: 'Department', sortValue: (d) => d.department_name, render: (d) => d.department_name },
  { key: 'charged', label: 'Charged', numeric: true, sortValue: (d) => d.charged, render: (d) => money(d.charged) },
  { key: 'requests', label: 'Requests', numeric: true, sortValue: (d) => d.requests, render: (d) => d.requests },
  { key: 'fulfilled', label: 'Fulfilled', numeric: true, sortValue: (d) => d.fulfilled, render: (d) => d.fulfilled },
  { key: 'responses', label: 'Responses', numeric: true, sortValue: (d) => d.responses, render: (d) => d.responses },
  { key: 'avg_score', label: 'Avg score', numeric: true, sortValue: (d) => d.avg_score, render: (d) => score(d.avg_score) },
];
