// One request: its facts, its history as a timeline, what it has been
// charged, its survey, and exactly the actions its status and the
// person's role allow (request-rules.ts mirrors the API's rules table). Every
// change names the version shown (If-Match); when the request changed
// meanwhile the page says so and shows it as it stands now.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { has, NotFound, useApp } from '../app';
import { Problem, type RequestDetail, type SurveyAnswer } from '../api';
import { action, dateTime, lineKind, money, month, orgZone, units, status, unitPrice } from '../format';
import { useLoad, useSubmission } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';
import { StatusBadges } from './request-status';
import { allowed, type Panel } from './request-rules';
import { CancelForm, ChangeForm, EndForm, FulfillForm, RateForm, RejectForm } from './request-forms';

/** changedMeanwhile reports whether a problem means the request is no longer as the page showed it. */
function changedMeanwhile(p: unknown): boolean {
  return p instanceof Problem && p.status === 409 && ['version_mismatch', 'version_conflict', 'invalid_transition', 'write_conflict', 'survey_exists'].includes(p.code);
}

type Notice = { kind: 'changed' } | { kind: 'done'; text: string };

export function RequestPage({ id }: { id: string }) {
  const { client, person } = useApp();
  const loaded = useLoad(() => client.request(id), [id]);
  const departments = useLoad(() => (has(person, 'fulfiller', 'finance', 'leadership') ? client.departments() : Promise.resolve({ items: [] })), []);
  const submit = useSubmission();
  const rating = useSubmission();
  const [panel, setPanel] = useState<Panel | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  if (loaded.problem instanceof Problem && loaded.problem.status === 404) return <NotFound />;
  const r = loaded.data;
  if (!r) return loaded.problem ? <ProblemBanner problem={loaded.problem} /> : <p aria-live="polite">Loading the request…</p>;

  const can = allowed(r, person);

  /** perform sends one change and shows the request the API answers. */
  const perform = (done: string, send: () => Promise<RequestDetail>, sub = submit) =>
    sub.run(async () => {
      try {
        loaded.set(await send());
        setPanel(null);
        setNotice({ kind: 'done', text: done });
      } catch (p) {
        if (!changedMeanwhile(p)) throw p;
        setPanel(null);
        setNotice({ kind: 'changed' });
        loaded.reload();
      }
    });

  const open = (p: Panel | null) => {
    submit.clear();
    rating.clear();
    setNotice(null);
    setPanel(p);
  };
  const close = (p: Panel) => {
    open(null);
    requestAnimationFrame(() => document.getElementById(`open-${p}`)?.focus());
  };
  const opener = (p: Panel, label: string, cls = 'secondary') => (
    <button type="button" id={`open-${p}`} class={cls} aria-expanded={panel === p} aria-controls={`panel-${p}`} onClick={() => (panel === p ? close(p) : open(p))}>
      {label}
    </button>
  );
  const formProps = { r, submit, onClose: close };
  const department = departments.data?.items.find((d) => d.id === r.department)?.name ?? r.department;

  return (
    <section>
      <p class="crumbs">
        <Link href="/requests">Requests</Link> › {r.service_name}
      </p>
      <h1>
        {r.service_name} <StatusBadges request={r} />
      </h1>
      <p class="meta">
        Request {r.id} · {department} · version {r.version}
      </p>

      {notice?.kind === 'changed' && (
        <div class="notice warn" role="alert" tabIndex={-1} ref={noticeRef}>
          <strong>This request changed meanwhile — here it is as it stands now.</strong>
          <p>Nothing you sent was applied. Check it, and try again if it still applies.</p>
        </div>
      )}
      {notice?.kind === 'done' && (
        <div class="notice" role="status" tabIndex={-1} ref={noticeRef}>
          {notice.text}
        </div>
      )}

      <dl class="facts wide request-facts">
        <Fact term="Service">
          <Link href={`/catalog/${encodeURIComponent(r.service_id)}`}>{r.service_name}</Link>
        </Fact>
        <Fact term={r.pricing === 'hourly' ? 'Estimated hours' : 'Quantity'}>{units(r.quantity, r.unit)}</Fact>
        {r.fulfilled_quantity && <Fact term="Actual hours">{units(r.fulfilled_quantity, r.unit)}</Fact>}
        <Fact term="Quoted price">{unitPrice(r.quoted_unit_price, r.unit, r.pricing)}</Fact>
        <Fact term="Estimated charge">
          {money(r.estimated_charge)}
          {r.pricing === 'monthly' ? ' per month' : ''}
        </Fact>
        <Fact term="Status">{status(r.status)}{r.overdue ? ', overdue' : ''}</Fact>
        <Fact term="Submitted">
          <time dateTime={r.created_at}>{dateTime(r.created_at)}</time>
        </Fact>
        <Fact term="SLA due">
          <time dateTime={r.sla_due_at}>{dateTime(r.sla_due_at)}</time>
        </Fact>
        {r.fulfilled_at && (
          <Fact term="Fulfilled">
            <time dateTime={r.fulfilled_at}>{dateTime(r.fulfilled_at)}</time>
          </Fact>
        )}
        {r.ended_at && (
          <Fact term="Ends">
            <time dateTime={r.ended_at}>{dateTime(r.ended_at)}</time>
          </Fact>
        )}
        <Fact term="Requested by">{r.requested_by}</Fact>
        {r.note && (
          <Fact term="Note" wide>
            {r.note}
          </Fact>
        )}
      </dl>

      {[...can].some((a) => a !== 'rate') && (
        <div class="panel actions-panel">
          <h2 id="actions-heading">What you can do</h2>
          <div class="actions" role="group" aria-labelledby="actions-heading">
            {can.has('approve') && (
              <button type="button" disabled={submit.pending} onClick={() => void perform('Approved.', () => client.act(r.id, 'approve', r.version))}>
                Approve
              </button>
            )}
            {can.has('start') && (
              <button type="button" disabled={submit.pending} onClick={() => void perform('Work started.', () => client.act(r.id, 'start', r.version))}>
                Start work
              </button>
            )}
            {can.has('fulfill') &&
              (r.pricing === 'hourly' ? (
                opener('fulfill', 'Mark fulfilled', '')
              ) : (
                <button type="button" disabled={submit.pending} onClick={() => void perform('Fulfilled: the charge is posted.', () => client.act(r.id, 'fulfill', r.version))}>
                  Mark fulfilled
                </button>
              ))}
            {can.has('update') && opener('update', 'Change quantity or note')}
            {can.has('end') && opener('end', 'End subscription')}
            {can.has('reject') && opener('reject', 'Reject')}
            {can.has('cancel') && opener('cancel', 'Cancel request')}
          </div>
          {panel === null && <ProblemBanner problem={submit.problem} />}
          {panel === 'update' && <ChangeForm {...formProps} onSend={(body) => perform('Saved.', () => client.changeRequest(r.id, r.version, body))} />}
          {panel === 'cancel' && <CancelForm {...formProps} onSend={(body) => perform('Cancelled.', () => client.act(r.id, 'cancel', r.version, body))} />}
          {panel === 'reject' && <RejectForm {...formProps} onSend={(body) => perform('Rejected.', () => client.act(r.id, 'reject', r.version, body))} />}
          {panel === 'fulfill' && (
            <FulfillForm {...formProps} onSend={(body) => perform('Fulfilled: the charge is posted.', () => client.act(r.id, 'fulfill', r.version, body))} />
          )}
          {panel === 'end' && <EndForm {...formProps} onSend={(body) => perform('The subscription is ended.', () => client.act(r.id, 'end', r.version, body))} />}
        </div>
      )}

      <div class="request-grid">
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <p class="hint">Times in {orgZone()}.</p>
          <ol class="timeline" aria-labelledby="history-heading">
            {r.history.map((h, i) => (
              <li key={i}>
                <strong>{action(h.action)}</strong> by {h.by}, <time dateTime={h.at}>{dateTime(h.at)}</time>
                <br />
                <span class="meta">{h.from ? (h.from !== h.to ? `${status(h.from)} → ${status(h.to)}` : `Still ${status(h.to).toLowerCase()}`) : `Starts as ${status(h.to).toLowerCase()}`}</span>
                {h.note && <p class="note">{h.note}</p>}
              </li>
            ))}
          </ol>
        </section>
        <div>
          <section aria-labelledby="charges-heading">
            <h2 id="charges-heading">Charges</h2>
            {r.charges.length === 0 ? (
              <p>
                Nothing charged yet.{' '}
                {r.pricing === 'monthly' ? 'A subscription is charged by the day when each month closes.' : 'The charge posts when IT fulfils the request.'}
              </p>
            ) : (
              <div class="table-wrap">
                <table>
                  <caption class="sr-only">Charges on this request</caption>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Month</th>
                      <th scope="col" class="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.charges.map((c) => (
                      <tr key={c.line_id}>
                        <td class="line-id">{c.line_id}</td>
                        <td>{lineKind(c.kind)}</td>
                        <td>{month(c.month)}</td>
                        <td class="num">{money(c.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <Survey
            r={r}
            mayRate={can.has('rate')}
            submit={rating}
            onSend={(body) => perform('Thank you: your rating is recorded.', async () => ({ ...r, survey: await client.rate(r.id, body) }), rating)}
          />
        </div>
      </div>
    </section>
  );
}

function Fact({ term, children, wide }: { term: string; children: preact.ComponentChildren; wide?: boolean }) {
  return (
    <div class={wide ? 'span-all' : undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Survey({ r, mayRate, submit, onSend }: {
  r: RequestDetail;
  mayRate: boolean;
  submit: ReturnType<typeof useSubmission>;
  onSend: (body: { score: number; comment?: string }) => void;
}) {
  const answer = r.survey && 'score' in r.survey ? (r.survey as SurveyAnswer) : null;
  return (
    <section aria-labelledby="survey-heading">
      <h2 id="survey-heading">Satisfaction</h2>
      {answer ? (
        <p>
          Rated <strong>{answer.score} of 5</strong> by {answer.submitted_by}, <time dateTime={answer.submitted_at}>{dateTime(answer.submitted_at)}</time>
          {answer.comment ? <span class="note">{answer.comment}</span> : null}
        </p>
      ) : r.survey ? (
        mayRate ? (
          <RateForm submit={submit} onSend={onSend} />
        ) : (
          <p>Not rated yet: the department head rates it once it is delivered.</p>
        )
      ) : (
        <p>Rated once it is delivered.</p>
      )}
    </section>
  );
}
