// One month: its close status, every department's statement with its total,
// and the month's total. Finance also downloads the month's list and, once
// the month is closed, the general-ledger journal, and closes a month that
// is over, after a confirmation that says what closing means.
import { useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { has, useApp } from '../app';
import type { Period } from '../api';
import { currentMonth, dateTime, money, month as monthName, periodStatus } from '../format';
import { save } from '../ui/download';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

export function MonthPage({ month }: { month: string }) {
  const { client, person } = useApp();
  const period = useLoad(() => client.period(month), [month]);
  const statements = useLoad(() => client.monthStatements(month), [month]);
  const departments = useLoad(() => client.departments(), []);
  const download = useSubmission();
  const close = useSubmission();
  const [closed, setClosed] = useState<Period>();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const p = period.data;
  const finance = has(person, 'finance');
  const over = month < currentMonth();
  const canClose = finance && p && p.status !== 'closed' && over;
  const openInquiries = p?.inquiries_open ?? 0;
  const name = monthName(month);
  const deptName = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? id;

  const openDialog = () => {
    close.clear();
    dialog.current?.showModal();
    dialog.current?.querySelector<HTMLButtonElement>('button.secondary')?.focus();
  };
  const onDialogClose = () => {
    // Back to where the person was; once the month is closed that button is gone, so to the result.
    (opener.current ?? result.current)?.focus();
  };
  const confirm = () =>
    void close.run(async () => {
      try {
        const answer = await client.closePeriod(month, openInquiries > 0);
        setClosed(answer);
        period.set(answer);
        statements.reload();
      } finally {
        dialog.current?.close();
        period.reload(); // an inquiry opened or closed meanwhile shows in the count
      }
    });
  const get = (what: 'list' | 'journal') =>
    void download.run(async () => save(what === 'list' ? await client.monthStatementsCSV(month) : await client.journal(month)));

  return (
    <section>
      <p class="crumbs">
        <Link href="/months">Months</Link> › {name}
      </p>
      <h1>{name}</h1>
      <ProblemBanner problem={period.problem ?? statements.problem} />
      {p && (
        <dl class="facts wide">
          <div>
            <dt>Status</dt>
            <dd>
              <span class={`badge ${p.status}`}>{periodStatus(p.status)}</span>
              {p.status === 'open' && (over ? ' (over, not yet closed)' : ' (this month)')}
            </dd>
          </div>
          {p.closed_at && (
            <div>
              <dt>Closed</dt>
              <dd>
                {dateTime(p.closed_at)} by {p.closed_by ?? '—'}
              </dd>
            </div>
          )}
          <div>
            <dt>{p.status === 'closed' ? 'Total' : 'Total so far'}</dt>
            <dd>{money(statements.data?.total ?? p.total)}</dd>
          </div>
        </dl>
      )}

      <div ref={result} tabIndex={-1} aria-live="polite">
        {closed && (
          <p class="notice">
            {name} is closed: on {dateTime(closed.closed_at)} by {closed.closed_by ?? '—'}, total {money(closed.total)}. Every statement is now
            frozen with its checksum.
          </p>
        )}
      </div>

      {finance && p && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => get('list')} disabled={download.pending}>
            Download the month's statements (CSV)
          </button>
          {p.status === 'closed' && (
            <button type="button" class="secondary" onClick={() => get('journal')} disabled={download.pending}>
              Download the journal (CSV)
            </button>
          )}
          {canClose && (
            <button type="button" class="danger" ref={opener} onClick={openDialog}>
              Close month
            </button>
          )}
        </div>
      )}
      {finance && p && p.status === 'open' && !over && (
        <p class="hint">This month can be closed once it is over.</p>
      )}
      <ProblemBanner problem={download.problem ?? close.problem} />

      {statements.loading && !statements.data && <p aria-live="polite">Loading the statements…</p>}
      {statements.data && (
        <div class="table-wrap" role="region" aria-label="Statements" tabIndex={0}>
          <table class="stack">
            <caption>Statements by department</caption>
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">Cost center</th>
                <th scope="col" class="num">Lines</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {statements.data.items.length === 0 && (
                <tr>
                  <td colSpan={5} data-label="">No department has a line this month.</td>
                </tr>
              )}
              {statements.data.items.map((s) => (
                <tr key={s.department}>
                  <th scope="row" data-label="Department">
                    <Link href={`/statements/${month}/${encodeURIComponent(s.department)}`}>{deptName(s.department)}</Link>
                  </th>
                  <td data-label="Cost center">{s.cost_center}</td>
                  <td class="num" data-label="Lines">{s.lines}</td>
                  <td data-label="Status">
                    <span class={`badge ${s.status}`}>{s.status === 'closed' ? 'Closed' : 'Preview'}</span>
                  </td>
                  <td class="num" data-label="Total">{money(s.total)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  Month total
                </th>
                <td class="num total" data-label="Total">{money(statements.data.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}

      <dialog ref={dialog} aria-labelledby="close-title" aria-describedby="close-what" onClose={onDialogClose}>
        <h2 id="close-title">Close {name}?</h2>
        <div id="close-what">
          <p>Closing the month is final:</p>
          <ul>
            <li>the month's recurring lines (subscriptions) are posted;</li>
            <li>every department's statement is frozen, with a checksum of its CSV;</li>
            <li>nothing in {name} can change afterwards: no charge, credit or adjustment;</li>
            <li>corrections go into a later month as adjustments.</li>
            {openInquiries > 0 && (
              <li>
                <strong>
                  {openInquiries === 1 ? '1 inquiry' : `${openInquiries} inquiries`} on this month's lines {openInquiries === 1 ? 'is' : 'are'} still open
                </strong>
                : closing carries {openInquiries === 1 ? 'it' : 'them'}; {openInquiries === 1 ? 'it stays' : 'they stay'} open, and a credit
                granted later goes into the current month.
              </li>
            )}
          </ul>
        </div>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" class="danger" onClick={confirm} disabled={close.pending}>
            {close.pending ? 'Closing…' : openInquiries > 0 ? `Close ${name} and carry the inquiries` : `Close ${name}`}
          </button>
        </div>
      </dialog>
    </section>
  );
}
