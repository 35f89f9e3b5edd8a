// "Ask about this line": on a statement line of a month that is not yet
// closed, the department's own requester asks finance about a line that
// charges something, with a reason and, if they know it, the amount they
// believe is wrong. One submission opens one inquiry however often the
// button is pressed. A line that already has an inquiry shows where it
// stands instead.
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { has, useApp } from '../app';
import type { Statement, StatementLine } from '../api';
import { inquiryStatus, money } from '../format';
import { Field } from '../ui/field';
import { useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

const fields = ['reason', 'amount'];

/** LineInquiry is a line's inquiry, or the way to open one. */
export function LineInquiry({ statement, line, onAsked }: { statement: Statement; line: StatementLine; onAsked: () => void }) {
  const { client, person } = useApp();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const submit = useSubmission();

  const badge = line.inquiry && (
    <span class="inquiry-note">
      {' '}
      <Link href="/inquiries" class={`badge inquiry-${line.inquiry.status}`}>
        {inquiryStatus(line.inquiry.status)}
      </Link>
    </span>
  );
  if (line.inquiry?.status === 'open' || !canAsk(statement, line, person.department, has(person, 'requester'))) return badge || null;
  if (!asking) {
    return (
      <div class="line-ask">
        {badge}{' '}
        <button type="button" class="secondary small" onClick={() => setAsking(true)} aria-label={`Ask about this line: ${line.line_id}`}>
          Ask about this line
        </button>
      </div>
    );
  }
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void submit.run(async (key) => {
      await client.openInquiry({ month: statement.month, line_id: line.line_id, reason, amount: amount.trim() || undefined }, key);
      setAsking(false);
      onAsked();
    });
  };
  return (
    <form class="panel inquiry-form" onSubmit={onSubmit} aria-label={`Ask about line ${line.line_id}`} novalidate>
      <p>
        Ask finance about this {money(line.amount)} line before the month is closed.
      </p>
      <Field name="reason" label="What looks wrong" problem={submit.problem} hint="At most 1000 characters. No patient information.">
        {(a) => <textarea {...a} rows={3} maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} required />}
      </Field>
      <Field name="amount" label="Amount you believe is wrong (optional)" problem={submit.problem} hint={`At most ${money(line.amount)}.`}>
        {(a) => <input {...a} inputMode="decimal" autoComplete="off" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />}
      </Field>
      <ProblemBanner problem={submit.problem} fields={fields} />
      <div class="actions">
        <button type="submit" disabled={submit.pending}>
          {submit.pending ? 'Sending…' : 'Send the question'}
        </button>
        <button type="button" class="secondary" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** canAsk: the department's own requester, a month not closed, a line that charges something. */
function canAsk(s: Statement, l: StatementLine, department: string | undefined, requester: boolean): boolean {
  return requester && department === s.department && s.status !== 'closed' && Number(l.amount) > 0;
}
