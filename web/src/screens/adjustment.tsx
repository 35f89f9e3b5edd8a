// Finance posts an adjustment: a correction of either sign on one
// department's statement for an open month, with a description of what it
// corrects and, optionally, the service and request it concerns. One form
// submission is one line, however often the button is pressed.
import { useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import type { StatementLine } from '../api';
import { currentMonth, lineKind, money, month as monthName } from '../format';
import { Field } from '../ui/field';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

const fields = ['department', 'month', 'amount', 'description', 'service_id', 'request_id'];

export function Adjustment() {
  const { client } = useApp();
  const departments = useLoad(() => client.departments(), []);
  const services = useLoad(() => client.services({ includeRetired: true }), []);
  const submit = useSubmission();
  const [department, setDepartment] = useState('');
  const [month, setMonth] = useState(currentMonth());
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [service, setService] = useState('');
  const [request, setRequest] = useState('');
  const [posted, setPosted] = useState<StatementLine>();
  const result = useRef<HTMLDivElement>(null);
  const deptName = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? id;

  const onSubmit = (e: Event) => {
    e.preventDefault();
    setPosted(undefined);
    void submit.run(async (key) => {
      const line = await client.postAdjustment(
        {
          department,
          month,
          amount: amount.trim(),
          description,
          service_id: service || undefined,
          request_id: request.trim() || undefined,
        },
        key,
      );
      setPosted(line);
      setAmount('');
      setDescription('');
      setService('');
      setRequest('');
      result.current?.focus();
    });
  };

  return (
    <section>
      <h1>Post an adjustment</h1>
      <p class="lede">
        A correction on one department's statement for an open month: a positive amount charges the department, a negative one credits
        it. It appears on the statement as its own line.
      </p>

      <div ref={result} tabIndex={-1} aria-live="polite">
        {posted && (
          <div class="notice">
            <p>
              <strong>Posted</strong> {money(posted.amount)} to {deptName(posted.department)} for {monthName(posted.month)}:{' '}
              {lineKind(posted.kind).toLowerCase()} “{posted.description}”
              {posted.service_name ? `, ${posted.service_name}` : ''}, line <code class="line-id">{posted.line_id}</code>.
            </p>
            <p>
              <Link href={`/statements/${posted.month}/${encodeURIComponent(posted.department)}`}>
                Open the {deptName(posted.department)} statement for {monthName(posted.month)}
              </Link>
            </p>
          </div>
        )}
      </div>

      <form class="panel" onSubmit={onSubmit} aria-labelledby="adjust-heading" novalidate>
        <h2 id="adjust-heading">The adjustment</h2>
        <Field name="department" label="Department" problem={submit.problem}>
          {(a) => (
            <select {...a} value={department} onChange={(e) => setDepartment(e.currentTarget.value)} required>
              <option value="">Choose a department</option>
              {(departments.data?.items ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.cost_center})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="month" label="Month" problem={submit.problem} hint="An open month that has begun; this month unless you choose another.">
          {(a) => <input {...a} type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} required />}
        </Field>
        <Field name="amount" label="Amount" problem={submit.problem} hint="For example 125.00 to charge, or -40.00 to credit; at most 2 decimals.">
          {(a) => <input {...a} inputMode="decimal" autoComplete="off" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} required />}
        </Field>
        <Field name="description" label="Description" problem={submit.problem} hint="What the adjustment corrects, at most 500 characters. No patient information.">
          {(a) => <textarea {...a} rows={3} maxLength={500} value={description} onInput={(e) => setDescription(e.currentTarget.value)} required />}
        </Field>
        <Field name="service_id" label="Service (optional)" problem={submit.problem}>
          {(a) => (
            <select {...a} value={service} onChange={(e) => setService(e.currentTarget.value)}>
              <option value="">No particular service</option>
              {(services.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="request_id" label="Request id (optional)" problem={submit.problem} hint="The request this corrects, if any: it must be one of the department's.">
          {(a) => <input {...a} autoComplete="off" value={request} onInput={(e) => setRequest(e.currentTarget.value)} />}
        </Field>
        <ProblemBanner problem={submit.problem ?? departments.problem ?? services.problem} fields={fields} />
        <button type="submit" disabled={submit.pending}>
          {submit.pending ? 'Posting…' : 'Post adjustment'}
        </button>
      </form>
    </section>
  );
}
