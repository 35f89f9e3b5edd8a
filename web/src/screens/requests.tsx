// The department's requests, newest first as the API lists them: a
// department head sees their own department's, IT and finance everyone's
// (with a department filter). A status filter and "only overdue" narrow
// the list on the API's side; "Show more" follows the API's cursor.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { has, useApp } from '../app';
import type { ServiceRequest, Status } from '../api';
import { date, dateTime, money, units, status as statusLabel } from '../format';
import { useLoad } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { StatusBadges } from './request-status';

/** pageSize is how many requests a page shows before "Show more". */
const pageSize = 25;

const statuses: Status[] = ['submitted', 'approved', 'in_progress', 'fulfilled', 'ended', 'cancelled', 'rejected'];

export function Requests() {
  const { client, person } = useApp();
  // IT, finance and leadership read every department's requests; a department head only their own.
  const everyone = has(person, 'fulfiller', 'finance', 'leadership');
  const [status, setStatus] = useState('');
  const [department, setDepartment] = useState('');
  const [overdue, setOverdue] = useState(false);
  const departments = useLoad(() => (everyone ? client.departments() : Promise.resolve({ items: [] })), [everyone]);
  const first = useLoad(() => client.requests({ status, department, overdue, limit: pageSize }), [status, department, overdue]);
  const [more, setMore] = useState<{ items: ServiceRequest[]; cursor?: string; loading: boolean; problem?: unknown }>({ items: [], loading: false });

  // A new first page (other filters) starts the list again, and a page
  // still on its way for the old filters is dropped.
  const generation = useRef(0);
  useEffect(() => {
    generation.current++;
    setMore({ items: [], cursor: first.data?.next_cursor, loading: false });
  }, [first.data]);

  const showMore = async () => {
    if (!more.cursor || more.loading) return;
    const mine = generation.current;
    setMore((m) => ({ ...m, loading: true, problem: undefined }));
    try {
      const page = await client.requests({ status, department, overdue, cursor: more.cursor, limit: pageSize });
      if (mine === generation.current) setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.next_cursor, loading: false }));
    } catch (problem) {
      if (mine === generation.current) setMore((m) => ({ ...m, loading: false, problem }));
    }
  };

  const names = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const items = [...(first.data?.items ?? []), ...more.items];
  return (
    <section>
      <h1>{everyone ? 'Requests' : 'Your department’s requests'}</h1>
      <p class="lede">
        Newest first. Open one to see its history{has(person, 'requester', 'fulfiller') ? ' and what you can do with it' : ' and its charges'}.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter requests">
        <div class="field">
          <label for="requests-status">Status</label>
          <select id="requests-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        {everyone && (
          <div class="field">
            <label for="requests-department">Department</label>
            <select id="requests-department" value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
              <option value="">All departments</option>
              {(departments.data?.items ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field check">
          <input id="requests-overdue" type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />
          <label for="requests-overdue">Only overdue</label>
        </div>
      </form>
      <ProblemBanner problem={first.problem} />
      <p class="count" aria-live="polite">
        {first.loading ? 'Loading requests…' : first.data ? `${items.length} request${items.length === 1 ? '' : 's'}${more.cursor ? ' so far' : ''}` : ''}
      </p>
      {first.data && items.length === 0 && <p>No requests match.</p>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="stack">
            <caption>Requests, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                {everyone && <th scope="col">Department</th>}
                <th scope="col">Quantity</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Estimated charge
                </th>
                <th scope="col">Submitted</th>
                <th scope="col">SLA due</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <th scope="row" data-label="Service">
                    <Link href={`/requests/${encodeURIComponent(r.id)}`}>{r.service_name}</Link>
                  </th>
                  {everyone && <td data-label="Department">{names.get(r.department) ?? r.department}</td>}
                  <td data-label="Quantity">{units(r.quantity, r.unit)}</td>
                  <td data-label="Status">
                    <StatusBadges request={r} />
                  </td>
                  <td class="num" data-label="Estimated charge">
                    <span>
                      {money(r.estimated_charge)}
                      {r.pricing === 'monthly' ? <small> per month</small> : null}
                    </span>
                  </td>
                  <td data-label="Submitted">
                    <time dateTime={r.created_at}>{date(r.created_at)}</time>
                  </td>
                  <td data-label="SLA due">
                    <time dateTime={r.sla_due_at}>{dateTime(r.sla_due_at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ProblemBanner problem={more.problem} />
      {more.cursor && (
        <p>
          <button type="button" class="secondary" onClick={() => void showMore()} disabled={more.loading}>
            {more.loading ? 'Loading more…' : 'Show more'}
          </button>
        </p>
      )}
    </section>
  );
}
