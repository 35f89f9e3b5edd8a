// The forms behind the request page's actions: change, cancel, reject,
// fulfil (hourly), end a subscription, and rate. Each one opens below the
// action buttons with its first field focused, shows the API's problems
// next to the fields they name, and sends through the page's one
// submission (so a double click sends once).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RequestDetail } from '../api';
import { dateTime, orgZone, startOfDay, todayInput, yearAheadInput } from '../format';
import { Field } from '../ui/field';
import type { Submission } from '../ui/hooks';
import { fieldError, ProblemBanner } from '../ui/problem';
import type { Panel } from './request-rules';

interface FormProps<B> {
  r: RequestDetail;
  submit: Submission;
  onClose: (p: Panel) => void;
  onSend: (body: B) => void;
}

/** ActionForm is the frame every action form shares: heading, fields, problem, send and close. */
function ActionForm({ panel, title, submit, fields, send, danger, onClose, onSubmit, children }: {
  panel: Panel;
  title: string;
  submit: Submission;
  fields: string[];
  send: string;
  danger?: boolean;
  onClose: (p: Panel) => void;
  onSubmit: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input:not([type=radio]), textarea, input[type=radio]:checked, button[type=submit]')?.focus();
  }, []);
  return (
    <form
      ref={ref}
      id={`panel-${panel}`}
      class="action-form"
      aria-labelledby={`panel-${panel}-title`}
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      onKeyDown={(e) => e.key === 'Escape' && onClose(panel)}
    >
      <h3 id={`panel-${panel}-title`}>{title}</h3>
      {children}
      <ProblemBanner problem={submit.problem} fields={fields} />
      <div class="actions">
        <button type="submit" class={danger ? 'danger' : undefined} disabled={submit.pending}>
          {submit.pending ? 'Sending…' : send}
        </button>
        <button type="button" class="secondary" onClick={() => onClose(panel)}>
          Close
        </button>
      </div>
    </form>
  );
}

/** ChangeForm changes the quantity or the note before work starts; it sends only what changed. */
export function ChangeForm({ r, submit, onClose, onSend }: FormProps<{ quantity?: string; note?: string }>) {
  const [qty, setQty] = useState(r.quantity);
  const [note, setNote] = useState(r.note ?? '');
  const [nothing, setNothing] = useState(false);
  const send = () => {
    const body: { quantity?: string; note?: string } = {};
    if (qty !== r.quantity) body.quantity = qty;
    if (note !== (r.note ?? '')) body.note = note;
    setNothing(Object.keys(body).length === 0);
    if (Object.keys(body).length > 0) onSend(body);
  };
  return (
    <ActionForm panel="update" title="Change quantity or note" submit={submit} fields={['quantity', 'note']} send="Save changes" onClose={onClose} onSubmit={send}>
      <Field
        name="quantity"
        label={r.pricing === 'hourly' ? 'Estimated hours' : `Quantity (${r.unit})`}
        problem={submit.problem}
        hint="The estimated charge is worked out again at the quoted price when you save."
      >
        {(a) => <input {...a} inputMode="decimal" value={qty} onInput={(e) => setQty(e.currentTarget.value)} />}
      </Field>
      <Field name="note" label="Note for IT" problem={submit.problem} hint="No patient information.">
        {(a) => <textarea {...a} rows={3} maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      {nothing && (
        <p class="hint" role="status">
          Nothing to save: change the quantity or the note first.
        </p>
      )}
    </ActionForm>
  );
}

/** CancelForm cancels the request, with an optional reason. */
export function CancelForm({ submit, onClose, onSend }: FormProps<{ reason?: string }>) {
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      panel="cancel"
      title="Cancel this request"
      submit={submit}
      fields={['reason']}
      send="Confirm cancellation"
      danger
      onClose={onClose}
      onSubmit={() => onSend(reason ? { reason } : {})}
    >
      <p>Nothing is charged for a cancelled request. This cannot be undone.</p>
      <Field name="reason" label="Reason (optional)" problem={submit.problem}>
        {(a) => <textarea {...a} rows={2} maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
    </ActionForm>
  );
}

/** RejectForm rejects the request; the API requires a reason. */
export function RejectForm({ submit, onClose, onSend }: FormProps<{ reason: string }>) {
  const [reason, setReason] = useState('');
  return (
    <ActionForm panel="reject" title="Reject this request" submit={submit} fields={['reason']} send="Confirm rejection" danger onClose={onClose} onSubmit={() => onSend({ reason })}>
      <Field name="reason" label="Reason" problem={submit.problem} hint="The department sees this reason.">
        {(a) => <textarea {...a} rows={2} maxLength={1000} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
    </ActionForm>
  );
}

/** FulfillForm records an hourly request as delivered, with the actual hours worked. */
export function FulfillForm({ r, submit, onClose, onSend }: FormProps<{ quantity?: string }>) {
  const [hours, setHours] = useState('');
  return (
    <ActionForm panel="fulfill" title="Record as fulfilled" submit={submit} fields={['quantity']} send="Record fulfilment" onClose={onClose} onSubmit={() => onSend(hours.trim() ? { quantity: hours.trim() } : {})}>
      <Field name="quantity" label="Actual hours" problem={submit.problem} hint={`Estimated: ${r.quantity} hours. The department is charged for the actual hours.`}>
        {(a) => <input {...a} inputMode="decimal" required value={hours} onInput={(e) => setHours(e.currentTarget.value)} />}
      </Field>
    </ActionForm>
  );
}

/**
 * EndForm stops a subscription now or on a date. A date is sent as the
 * start of that day in the org's zone, so the subscription is charged up
 * to the day before and not for the day chosen; the start of a day a year
 * ahead is never past the API's "12 months ahead" limit, which noon could
 * be.
 */
export function EndForm({ r, submit, onClose, onSend }: FormProps<{ ended_at?: string }>) {
  const [when, setWhen] = useState<'now' | 'date'>('now');
  const today = todayInput();
  const [day, setDay] = useState(today);
  const send = () => onSend(when === 'now' ? {} : { ended_at: day ? startOfDay(day) : '' });
  const error = fieldError(submit.problem, 'ended_at');
  return (
    <ActionForm panel="end" title="End this subscription" submit={submit} fields={['ended_at']} send="Confirm end" danger onClose={onClose} onSubmit={send}>
      <p>
        Running since {dateTime(r.fulfilled_at)}. It is charged by the day up to its end; you can schedule the end up to 12 months ahead.
      </p>
      <fieldset class="choices">
        <legend>When should it end?</legend>
        <label>
          <input type="radio" name="end-when" value="now" checked={when === 'now'} onChange={() => setWhen('now')} /> Now
        </label>
        <label>
          <input type="radio" name="end-when" value="date" checked={when === 'date'} onChange={() => setWhen('date')} /> On a date
        </label>
      </fieldset>
      {when === 'date' && (
        <Field name="ended_at" label="End date" problem={submit.problem} hint={`It stops at the start of this day (${orgZone()} time): the day before is the last day charged.`}>
          {(a) => <input {...a} type="date" min={today} max={yearAheadInput(today)} value={day} onInput={(e) => setDay(e.currentTarget.value)} />}
        </Field>
      )}
      {when === 'now' && error && <p class="error">{error}</p>}
    </ActionForm>
  );
}

const scores: [number, string][] = [
  [1, 'Very poor'],
  [2, 'Poor'],
  [3, 'All right'],
  [4, 'Good'],
  [5, 'Excellent'],
];

/** RateForm records the department's rating, 1 to 5, once. */
export function RateForm({ submit, onSend }: { submit: Submission; onSend: (body: { score: number; comment?: string }) => void }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const scoreError = fieldError(submit.problem, 'score');
  return (
    <form
      class="rate-form"
      aria-labelledby="rate-title"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        onSend({ score, comment: comment || undefined });
      }}
    >
      <p id="rate-title">How well did IT deliver this? You can rate it once.</p>
      <fieldset class={`choices${scoreError ? ' field-error' : ''}`} aria-describedby={scoreError ? 'rate-score-error' : undefined}>
        <legend>Rating</legend>
        {scores.map(([n, label]) => (
          <label key={n}>
            <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} /> {n} – {label}
          </label>
        ))}
        {scoreError && (
          <p class="error" id="rate-score-error">
            {scoreError}
          </p>
        )}
      </fieldset>
      <Field name="comment" label="Comment (optional)" problem={submit.problem} hint="No patient information.">
        {(a) => <textarea {...a} rows={2} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />}
      </Field>
      <ProblemBanner problem={submit.problem} fields={['score', 'comment']} />
      <button type="submit" disabled={submit.pending}>
        {submit.pending ? 'Sending…' : 'Send rating'}
      </button>
    </form>
  );
}
