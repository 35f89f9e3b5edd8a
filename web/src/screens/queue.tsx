// IT's queue: every open request (submitted, approved, in progress),
// overdue first, then by SLA due time, soonest first, with the time left.
// The API filters one status at a time, so the queue asks for the three
// open statuses side by side and follows each one's cursor on "Show
// more". Whether a request is overdue is the API's word; the time left is
// counted from this computer's clock. Approve and start are one click here (with the version shown as
// If-Match); everything else is on the request's page.
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import { Problem, type Client, type ServiceRequest, type Status } from '../api';
import { dateTime, units, timeLeft } from '../format';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { StatusBadges } from './request-status';

const open: Status[] = ['submitted', 'approved', 'in_progress'];

interface QueueData {
  items: ServiceRequest[];
  /** cursors holds the next page's cursor of each status that has more. */
  cursors: Partial<Record<Status, string>>;
}

/**
 * loadPages reads the next page of each open status (newest first, as the
 * API lists). The first load also reads the overdue requests, which are the
 * oldest and so would sit on a status's last pages: overdue first holds
 * however long the queue is (up to 200 overdue at once).
 */
async function loadPages(client: Client, cursors: Partial<Record<Status, string>> | null): Promise<QueueData> {
  const wanted = cursors ? open.filter((s) => cursors[s]) : open;
  const [overdue, ...pages] = await Promise.all([
    cursors ? Promise.resolve({ items: [] as ServiceRequest[] }) : client.requests({ overdue: true, limit: 200 }),
    ...wanted.map((s) => client.requests({ status: s, cursor: cursors?.[s], limit: 100 })),
  ]);
  const out: QueueData = { items: [...overdue.items], cursors: {} };
  pages.forEach((p, i) => {
    out.items.push(...p.items);
    if (p.next_cursor) out.cursors[wanted[i]] = p.next_cursor;
  });
  return out;
}

/** order puts overdue requests first, then the soonest SLA due time (RFC 3339 UTC sorts as text). */
function order(a: ServiceRequest, b: ServiceRequest): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.sla_due_at.localeCompare(b.sla_due_at) || a.created_at.localeCompare(b.created_at);
}

export function Queue() {
  const { client } = useApp();
  const queue = useLoad(() => loadPages(client, null), []);
  const departments = useLoad(() => client.departments(), []);
  const act = useSubmission();
  const more = useSubmission();
  const [notice, setNotice] = useState<string>();

  const names = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const data = queue.data;
  const items = data ? dedupe(data.items).filter((r) => open.includes(r.status)).sort(order) : [];

  const quick = (r: ServiceRequest, action: 'approve' | 'start') =>
    act.run(async () => {
      setNotice(undefined);
      try {
        const now = await client.act(r.id, action, r.version);
        queue.set({ ...data!, items: data!.items.map((x) => (x.id === now.id ? now : x)) });
        setNotice(`${action === 'approve' ? 'Approved' : 'Started'}: ${r.service_name} for ${names.get(r.department) ?? r.department}.`);
      } catch (p) {
        if (!(p instanceof Problem && p.status === 409)) throw p;
        setNotice(`${r.service_name} for ${names.get(r.department) ?? r.department} changed meanwhile — the queue now shows it as it stands.`);
        queue.reload();
      }
    });

  const showMore = () =>
    more.run(async () => {
      const next = await loadPages(client, data!.cursors);
      queue.set({ items: [...data!.items, ...next.items], cursors: next.cursors });
    });

  const overdue = items.filter((r) => r.overdue).length;
  return (
    <section>
      <h1>Queue</h1>
      <p class="lede">Open requests: overdue first, then the soonest due. Approve or start here; reject, fulfil and cancel on the request’s page.</p>
      <ProblemBanner problem={queue.problem} />
      <p class="count" aria-live="polite">
        {queue.loading && !data ? 'Loading the queue…' : data ? `${items.length} open, ${overdue} overdue${Object.keys(data.cursors).length ? ' (more to show)' : ''}` : ''}
      </p>
      {notice && (
        <div class="notice" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={act.problem} />
      {data && items.length === 0 && <p>Nothing open. Well done.</p>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="stack">
            <caption>Open requests, overdue first</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Department</th>
                <th scope="col">Quantity</th>
                <th scope="col">Status</th>
                <th scope="col">SLA due</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <th scope="row" data-label="Service">
                    <Link href={`/requests/${encodeURIComponent(r.id)}`}>{r.service_name}</Link>
                  </th>
                  <td data-label="Department">{names.get(r.department) ?? r.department}</td>
                  <td data-label="Quantity">{units(r.quantity, r.unit)}</td>
                  <td data-label="Status">
                    <StatusBadges request={r} />
                  </td>
                  <td data-label="SLA due">
                    <span>
                      <time dateTime={r.sla_due_at}>{dateTime(r.sla_due_at)}</time>
                      <br />
                      <span class={r.overdue ? 'late' : 'meta'}>{timeLeft(r.sla_due_at)}</span>
                    </span>
                  </td>
                  <td data-label="Action">
                    <span>
                    {r.status === 'submitted' && (
                      <button type="button" disabled={act.pending} onClick={() => void quick(r, 'approve')}>
                        Approve
                      </button>
                    )}
                    {r.status === 'approved' && (
                      <button type="button" disabled={act.pending} onClick={() => void quick(r, 'start')}>
                        Start
                      </button>
                    )}
                    {r.status === 'in_progress' && <Link href={`/requests/${encodeURIComponent(r.id)}`}>Fulfil…</Link>}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ProblemBanner problem={more.problem} />
      {data && Object.keys(data.cursors).length > 0 && (
        <p>
          <button type="button" class="secondary" onClick={() => void showMore()} disabled={more.pending}>
            {more.pending ? 'Loading more…' : 'Show more'}
          </button>
        </p>
      )}
    </section>
  );
}

/** dedupe keeps the last copy of each request: one that moved status between pages is listed once, as it was last read. */
function dedupe(items: ServiceRequest[]): ServiceRequest[] {
  return [...new Map(items.map((r) => [r.id, r])).values()];
}
