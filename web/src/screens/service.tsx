// One service: its description, price history, SLA and approval, and the
// request form with what the request will cost before it is submitted.
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { has, NotFound, useApp } from '../app';
import { estimate } from '../estimate';
import { day, money, pricing, slaHours, unitPrice } from '../format';
import { Field } from '../ui/field';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { Problem } from '../api';

export function Service({ id }: { id: string }) {
  const { client, person } = useApp();
  const service = useLoad(() => client.service(id), [id]);
  const departments = useLoad(() => (has(person, 'requester') ? Promise.resolve({ items: [] }) : client.departments()), []);
  const submit = useSubmission();
  const [, navigate] = useLocation();
  const [quantity, setQuantity] = useState('1');
  const [note, setNote] = useState('');
  const [department, setDepartment] = useState('');

  if (service.problem instanceof Problem && service.problem.status === 404) return <NotFound />;
  const s = service.data;
  if (!s) return service.problem ? <ProblemBanner problem={service.problem} /> : <p>Loading…</p>;
  const price = s.current_price?.unit_price;
  const est = price ? estimate(quantity, price) : null;
  const namesDepartment = !has(person, 'requester');

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
            <Field name="department" label="For department" problem={submit.problem}>
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
            problem={submit.problem}
            hint={s.pricing === 'hourly' ? 'The charge is for the hours IT records when the work is done.' : undefined}
          >
            {(a) => <input {...a} inputMode="decimal" value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} required />}
          </Field>
          <Field name="note" label="Note for IT (optional)" problem={submit.problem} hint="No patient information.">
            {(a) => <textarea {...a} maxLength={1000} rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
          </Field>
          <p class="estimate" aria-live="polite">
            {est ? (
              <>
                Estimated charge: <strong>{money(est)}</strong>
                {s.pricing === 'monthly' ? ' per month' : ''} ({quantity} × {money(price)})
              </>
            ) : (
              'Enter a quantity to see the estimated charge.'
            )}
          </p>
          <ProblemBanner problem={submit.problem} fields={['quantity', 'note', 'department']} />
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? 'Submitting…' : 'Submit request'}
          </button>
        </form>
      )}
    </section>
  );
}
