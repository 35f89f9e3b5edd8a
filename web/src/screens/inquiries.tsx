// A department's inquiries: every question its people asked about their
// statement lines, newest first, with where each stands and what finance
// decided. An open one can be withdrawn.
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import type { Inquiry } from '../api';
import { dateTime, inquiryOutcome, inquiryStatus, money, month as monthName } from '../format';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

export function Inquiries() {
  const { client, person } = useApp();
  const list = useLoad(() => client.inquiries({ department: person.department, limit: 200 }), [person.department]);
  const withdraw = useSubmission();
  const items = list.data?.items ?? [];

  const onWithdraw = (q: Inquiry) =>
    void withdraw.run(async () => {
      await client.withdrawInquiry(q.id);
      list.reload();
    });

  return (
    <section>
      <h1>Inquiries</h1>
      <p class="lede">
        Questions your department asked finance about statement lines before a month was closed, and their answers. Ask about a line from
        its <Link href="/statements">statement</Link>.
      </p>
      <ProblemBanner problem={list.problem ?? withdraw.problem} />
      {list.loading && !list.data && <p aria-live="polite">Loading the inquiries…</p>}
      {list.data && items.length === 0 && <p>No inquiries yet.</p>}
      {items.length > 0 && (
        <div class="table-wrap" role="region" aria-label="Inquiries" tabIndex={0}>
          <table class="stack">
            <caption>Inquiries ({items.length})</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Line</th>
                <th scope="col">Question</th>
                <th scope="col">Status</th>
                <th scope="col">Answer</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr key={q.id}>
                  <td data-label="Month">
                    <Link href={`/statements/${q.month}/${encodeURIComponent(q.department)}`}>{monthName(q.month)}</Link>
                  </td>
                  <td data-label="Line">
                    {q.service_name ?? 'Adjustment'} · {money(q.line_amount)}
                    <br />
                    <code class="line-id">{q.line_id}</code>
                  </td>
                  <td data-label="Question">
                    <span class="pre">{q.reason}</span>
                    {q.amount && <p class="hint">Believed wrong: {money(q.amount)}</p>}
                    <p class="hint">
                      Asked {dateTime(q.opened_at)} by {q.opened_by}
                    </p>
                  </td>
                  <td data-label="Status">
                    <span class={`badge inquiry-${q.status}`}>{inquiryStatus(q.status)}</span>
                  </td>
                  <td data-label="Answer">
                    {q.status === 'resolved' ? (
                      <>
                        <strong>{inquiryOutcome(q.outcome, q.credit_amount)}</strong>
                        {q.outcome === 'credit' && q.adjustment_month && <> on the {monthName(q.adjustment_month)} statement</>}
                        {q.note && <p class="pre">{q.note}</p>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label="">
                    {q.status === 'open' && (
                      <button type="button" class="secondary small" disabled={withdraw.pending} onClick={() => onWithdraw(q)} aria-label={`Withdraw the inquiry about line ${q.line_id}`}>
                        Withdraw
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
