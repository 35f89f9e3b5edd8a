// Finance's queue of open inquiries, oldest month first: each with the
// department's question and a form to answer it, with a credit (posted as
// an adjustment on the statement) or by keeping the line as it is. The
// note is required either way; problems show next to their fields.
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import type { Inquiry } from '../api';
import { dateTime, inquiryOutcome, money, month as monthName } from '../format';
import { Field } from '../ui/field';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

export function InquiryQueue() {
  const { client } = useApp();
  const list = useLoad(() => client.inquiries({ status: 'open', limit: 200 }), []);
  const [answered, setAnswered] = useState<Inquiry[]>([]);
  const items = (list.data?.items ?? []).slice().reverse();

  return (
    <section>
      <h1>Open inquiries</h1>
      <p class="lede">Departments' questions about their statement lines. Answer each before its month is closed, or close the month carrying it.</p>
      <ProblemBanner problem={list.problem} />
      <div aria-live="polite">
        {answered.map((q) => (
          <p class="notice" key={q.id}>
            Answered the {q.department} inquiry about line <code class="line-id">{q.line_id}</code>: {inquiryOutcome(q.outcome, q.credit_amount)}
            {q.adjustment_month && <> on the {monthName(q.adjustment_month)} statement</>}.
          </p>
        ))}
      </div>
      {list.loading && !list.data && <p>Loading the queue…</p>}
      {list.data && items.length === 0 && <p>No open inquiries.</p>}
      {items.map((q) => (
        <Answer
          key={q.id}
          inquiry={q}
          onAnswered={(done) => {
            setAnswered((a) => [done, ...a]);
            list.reload();
          }}
        />
      ))}
    </section>
  );
}

const fields = ['outcome', 'amount', 'note'];

/** Answer is one open inquiry and the form that resolves it. */
function Answer({ inquiry: q, onAnswered }: { inquiry: Inquiry; onAnswered: (q: Inquiry) => void }) {
  const { client } = useApp();
  const submit = useSubmission();
  const [outcome, setOutcome] = useState<'credit' | 'rejected'>('credit');
  const [amount, setAmount] = useState(q.amount ?? '');
  const [note, setNote] = useState('');
  const headingId = `inquiry-${q.id}`;

  const onSubmit = (e: Event) => {
    e.preventDefault();
    void submit.run(async () => {
      const done = await client.resolveInquiry(q.id, { outcome, amount: outcome === 'credit' ? amount.trim() || undefined : undefined, note });
      onAnswered(done);
    });
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-labelledby={headingId} novalidate>
      <h2 id={headingId}>
        {q.department}, {monthName(q.month)}: {q.service_name ?? 'Adjustment'} {money(q.line_amount)}
      </h2>
      <p>
        <Link href={`/statements/${q.month}/${encodeURIComponent(q.department)}`}>Line</Link> <code class="line-id">{q.line_id}</code>, asked{' '}
        {dateTime(q.opened_at)} by {q.opened_by}
        {q.amount && <> about {money(q.amount)}</>}:
      </p>
      <blockquote class="pre">{q.reason}</blockquote>
      <fieldset class="choices">
        <legend>Answer</legend>
        <label>
          <input type="radio" name={`outcome-${q.id}`} checked={outcome === 'credit'} onChange={() => setOutcome('credit')} /> Credit the department
        </label>
        <label>
          <input type="radio" name={`outcome-${q.id}`} checked={outcome === 'rejected'} onChange={() => setOutcome('rejected')} /> Keep the line as it is
        </label>
      </fieldset>
      {outcome === 'credit' && (
        <Field name="amount" label="Credit amount" problem={submit.problem} hint={`At most ${money(q.line_amount)}, less any earlier credit on the line.`}>
          {(a) => <input {...a} inputMode="decimal" autoComplete="off" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} required />}
        </Field>
      )}
      <Field name="note" label="Note to the department" problem={submit.problem} hint="Required. At most 1000 characters. No patient information.">
        {(a) => <textarea {...a} rows={2} maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} required />}
      </Field>
      <ProblemBanner problem={submit.problem} fields={fields} />
      <button type="submit" disabled={submit.pending}>
        {submit.pending ? 'Answering…' : outcome === 'credit' ? 'Credit and answer' : 'Answer'}
      </button>
    </form>
  );
}
