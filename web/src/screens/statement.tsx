// One department's statement for one month: whether it is final, every
// line, the totals by service and in all, the CSV download, and, once the
// month is closed, the checksum that proves the CSV is the one that was
// frozen. A requester sees their own department's; another department's
// answers 404 and shows the same "Not found" as a statement that does not
// exist.
import { Link } from 'wouter-preact';
import { has, NotFound, useApp } from '../app';
import { Problem, type Statement } from '../api';
import { dateTime, lineKind, money, month as monthName, quantity } from '../format';
import { save } from '../ui/download';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { StatementChanges } from './statement-changes';
import { LineInquiry } from './inquiry-form';

export function StatementPage({ month, department }: { month: string; department: string }) {
  const { client, person } = useApp();
  const statement = useLoad(() => client.statement(month, department), [month, department]);
  const download = useSubmission();

  if (statement.problem instanceof Problem && statement.problem.status === 404) return <NotFound />;
  const s = statement.data;
  const crumbs = has(person, 'finance', 'leadership') ? (
    <p class="crumbs">
      <Link href="/months">Months</Link> › <Link href={`/months/${month}`}>{monthName(month)}</Link> › Statement
    </p>
  ) : (
    <p class="crumbs">
      <Link href="/statements">Statements</Link> › {monthName(month)}
    </p>
  );
  if (!s) {
    return (
      <section>
        {crumbs}
        <h1>Statement for {monthName(month)}</h1>
        {statement.problem ? <ProblemBanner problem={statement.problem} /> : <p aria-live="polite">Loading the statement…</p>}
      </section>
    );
  }

  const onDownload = () => void download.run(async () => save(await client.statementCSV(month, department)));
  const names = serviceNames(s);
  return (
    <section>
      {crumbs}
      <h1>
        {s.department_name}: {monthName(s.month)}
      </h1>
      <dl class="facts wide">
        <div>
          <dt>Status</dt>
          <dd>
            {s.status === 'closed' ? (
              <>
                <span class="badge closed">Closed</span> on {dateTime(s.closed_at)}
              </>
            ) : (
              <span class="badge open">Preview, not final</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Cost center</dt>
          <dd>{s.cost_center}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{money(s.total)}</dd>
        </div>
      </dl>
      {s.status !== 'closed' && (
        <p class="notice">This month is still open: lines can be added until finance closes it, so these figures may still change.</p>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={onDownload} disabled={download.pending}>
          {download.pending ? 'Preparing the CSV…' : 'Download CSV'}
        </button>
      </div>
      <ProblemBanner problem={download.problem} />

      {s.status === 'closed' && s.checksum && (
        <div class="panel">
          <h2>Checksum</h2>
          <p>
            <code class="checksum">{s.checksum}</code>
          </p>
          <p class="hint">The SHA-256 of the CSV file: run sha256sum on the downloaded file and it prints the same digits, so anyone can check the file is the frozen statement.</p>
        </div>
      )}

      <div class="table-wrap" role="region" aria-label="Lines" tabIndex={0}>
        <table class="stack">
          <caption>Lines ({s.lines.length})</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Kind</th>
              <th scope="col">Service</th>
              <th scope="col">Description</th>
              <th scope="col" class="num">Quantity</th>
              <th scope="col" class="num">Unit price</th>
              <th scope="col" class="num">Days</th>
              <th scope="col" class="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.length === 0 && (
              <tr>
                <td colSpan={8} data-label="">No lines this month.</td>
              </tr>
            )}
            {s.lines.map((l) => (
              <tr key={l.line_id}>
                <td data-label="Line">
                  <code class="line-id">{l.line_id}</code>
                </td>
                <td data-label="Kind">{lineKind(l.kind)}</td>
                <td data-label="Service">{l.service_name ?? '—'}</td>
                <td data-label="Description">
                  <span>
                    {l.description}
                    {l.request_id && has(person, 'requester', 'finance') && (
                      <>
                        {' '}
                        <Link href={`/requests/${encodeURIComponent(l.request_id)}`} aria-label={`Request ${l.request_id}`}>
                          Request{'\u00a0'}›
                        </Link>
                      </>
                    )}
                  </span>
                  <LineInquiry statement={s} line={l} onAsked={statement.reload} />
                </td>
                <td class="num" data-label="Quantity">{quantity(l.quantity, l.unit)}</td>
                <td class="num" data-label="Unit price">{money(l.unit_price)}</td>
                <td class="num" data-label="Days">{l.days ?? '—'}</td>
                <td class="num" data-label="Amount">{money(l.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={7}>
                Total
              </th>
              <td class="num total" data-label="Amount">{money(s.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      {s.by_service.length > 0 && (
        <div class="table-wrap narrow" role="region" aria-label="By service" tabIndex={0}>
          <table>
            <caption>By service</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col" class="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {s.by_service.map((b) => (
                <tr key={b.service_id || '-'}>
                  <td>{b.service_id ? (names.get(b.service_id) ?? b.service_id) : 'No particular service'}</td>
                  <td class="num">{money(b.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <StatementChanges month={month} department={department} />
    </section>
  );
}

/** serviceNames maps each service on the statement to the name its lines carry. */
function serviceNames(s: Statement): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of s.lines) if (l.service_id && l.service_name) m.set(l.service_id, l.service_name);
  return m;
}
