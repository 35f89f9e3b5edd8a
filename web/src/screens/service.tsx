// One service: its description, price history, SLA and approval, and the
// request form with the API's quote before it is submitted: the estimated
// charge, the SLA's due time, the approval, and what the request does to
// the department's budget for the fiscal year.
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { has, NotFound, useApp } from '../app';
import { dateTime, day, leftOrOver, money, pricing, slaHours, unitPrice } from '../format';
import { BudgetBadge } from '../ui/budget-bar';
import { Field } from '../ui/field';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { Problem, type Client, type Quote } from '../api';

/** quoteDelay is how long the form waits after the last keystroke before asking for a quote. */
const quoteDelay = 300;

/**
 * useQuote asks the API what filing the request would answer, once the
 * quantity (and the department, for IT and finance) has stopped changing
 * for quoteDelay; an answer for values since changed is dropped.
 */
function useQuote(client: Client, body: { service_id: string; quantity: string; department?: string } | null) {
  const [state, setState] = useState<{ quote?: Quote; problem?: unknown; pending: boolean }>({ pending: false });
  const key = body ? JSON.stringify(body) : '';
  useEffect(() => {
    if (!body) {
      setState({ pending: false });
      return;
    }
    let live = true;
    setState({ pending: true });
    const timer = setTimeout(() => {
      client.quote(body).then(
        (quote) => live && setState({ quote, pending: false }),
        (problem) => live && setState({ problem, pending: false }),
      );
    }, quoteDelay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

export function Service({ id }: { id: string }) {
  const { client, person } = useApp();
  const service = useLoad(() => client.service(id), [id]);
  const departments = useLoad(() => (has(person, 'requester') ? Promise.resolve({ items: [] }) : client.departments()), []);
  const submit = useSubmission();
  const [, navigate] = useLocation();
  const [quantity, setQuantity] = useState('1');
  const [note, setNote] = useState('');
  const [department, setDepartment] = useState('');
  const namesDepartment = !has(person, 'requester');
  const quoting = service.data?.current_price && quantity.trim() !== '' && (!namesDepartment || department !== '');
  const q = useQuote(client, quoting ? { service_id: id, quantity: quantity.trim(), department: namesDepartment ? department : undefined } : null);

  if (service.problem instanceof Problem && service.problem.status === 404) return <NotFound />;
  const s = service.data;
  if (!s) return service.problem ? <ProblemBanner problem={service.problem} /> : <p>Loading…</p>;
  const price = s.current_price?.unit_price;
  // A problem the quote found in the quantity or department shows by its field until the form is submitted.
  const fieldProblem = submit.problem ?? q.problem;

  const onSubmit = (e: Event) => {
    e.preventDefault();
    void submit.run(async (key) => {
      const created = await client.createRequest(
        { service_id: s.id, quantity, note: note || undefined, department: namesDepartment ? department : undefined },
        key,
      );
      navigate(`/requests/${encodeURIComponent(created.id)}`);
    });
  };

  return (
    <section>
      <p class="crumbs">
        <Link href="/catalog">Catalog</Link> › {s.name}
      </p>
      <h1>{s.name}</h1>
      <p class="lede">{s.description}</p>
      <dl class="facts wide">
        <div>
          <dt>Price</dt>
          <dd>{price ? unitPrice(price, s.unit, s.pricing) : 'No current price'}</dd>
        </div>
        <div>
          <dt>Charged</dt>
          <dd>
            {s.pricing === 'monthly'
              ? 'every month while it runs, by the day in the first and last month'
              : s.pricing === 'hourly'
                ? 'for the hours IT records when the work is done'
                : 'once, when it is delivered'}
          </dd>
        </div>
        <div>
          <dt>Delivered within</dt>
          <dd>
            {slaHours(s.sla_hours)}
            {Number(s.sla_credit_percent) > 0 ? ` (${s.sla_credit_percent} % credited if late)` : ''}
          </dd>
        </div>
        <div>
          <dt>Approval</dt>
          <dd>{s.approval === 'required' ? 'IT approves the request before work starts' : 'Not needed: work can start at once'}</dd>
        </div>
        <div>
          <dt>Team</dt>
          <dd>{s.owner}</dd>
        </div>
      </dl>
      {s.prices && s.prices.length > 1 && (
        <details>
          <summary>Price history</summary>
          <ul>
            {s.prices.map((p) => (
              <li key={p.effective}>
                from {day(p.effective)}: {money(p.unit_price)} {pricing(s.pricing)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {has(person, 'requester', 'fulfiller', 'finance') && price && (
        <form class="panel" onSubmit={onSubmit} aria-labelledby="request-heading" novalidate>
          <h2 id="request-heading">Request this service</h2>
          {namesDepartment && (
            <Field name="department" label="For department" problem={fieldProblem}>
              {(a) => (
                <select {...a} value={department} onChange={(e) => setDepartment(e.currentTarget.value)} required>
                  <option value="">Choose a department</option>
                  {(departments.data?.items ?? []).map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            name="quantity"
            label={s.pricing === 'hourly' ? 'Estimated hours' : `Quantity (${s.unit})`}
            problem={fieldProblem}
            hint={s.pricing === 'hourly' ? 'The charge is for the hours IT records when the work is done.' : undefined}
          >
            {(a) => <input {...a} inputMode="decimal" value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} required />}
          </Field>
          <Field name="note" label="Note for IT (optional)" problem={submit.problem} hint="No patient information.">
            {(a) => <textarea {...a} maxLength={1000} rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
          </Field>
          <div class="quote" aria-live="polite" aria-busy={q.pending}>
            {q.quote ? (
              <QuoteFacts quote={q.quote} />
            ) : q.pending ? (
              <p>Getting a quote…</p>
            ) : q.problem && !(q.problem instanceof Problem && (q.problem.fieldError('quantity') || q.problem.fieldError('department'))) ? (
              <ProblemBanner problem={q.problem} fields={['quantity', 'department']} />
            ) : (
              <p>{namesDepartment && !department ? 'Choose a department and a quantity to see the quote.' : 'Enter a quantity to see the quote.'}</p>
            )}
          </div>
          <ProblemBanner problem={submit.problem} fields={['quantity', 'note', 'department']} />
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? 'Submitting…' : 'Submit request'}
          </button>
        </form>
      )}
    </section>
  );
}

/** QuoteFacts is what filing the request would answer: its charge, when it is due, the approval, and the budget after it. */
function QuoteFacts({ quote }: { quote: Quote }) {
  const b = quote.budget;
  return (
    <>
      <p class="estimate">
        Estimated charge: <strong>{money(quote.estimated_charge)}</strong>
        {quote.pricing === 'monthly' ? ' per month' : ''} ({quote.quantity} × {money(quote.quoted_unit_price)})
      </p>
      <dl class="facts">
        <div>
          <dt>Due by</dt>
          <dd>{dateTime(quote.sla_due_at)}</dd>
        </div>
        <div>
          <dt>Approval</dt>
          <dd>{quote.approval === 'required' ? 'IT approves it first' : 'Not needed'}</dd>
        </div>
      </dl>
      {b ? (
        <p class={`budget-after budget-${b.status_after}`}>
          After this request: <strong>{b.used_percent_after} %</strong> of the fiscal year {b.year} budget,{' '}
          {leftOrOver(b.remaining_after)} (now {leftOrOver(b.remaining_before)}). <BudgetBadge status={b.status_after} />
          {quote.pricing === 'monthly' && <span class="meta"> A subscription counts for every month left in the fiscal year.</span>}
        </p>
      ) : (
        <p class="meta">The department has no budget for this fiscal year, so none is counted against.</p>
      )}
    </>
  );
}
