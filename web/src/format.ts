// The one place money, quantities, dates, months and statuses are written
// for people. Money arrives from the API as a decimal string and is shown
// as given: only grouped and signed, never recomputed. Dates are shown in
// the org's time zone.
import type { BudgetStatus, InquiryStatus, LineKind, Pricing, Status } from './api';

let zone = 'UTC';
let currency = 'USD';
let fiscalStart = 1;

/** setOrg sets the org's time zone, currency and fiscal year's first month, from config.json. */
export function setOrg(timeZone: string, cur: string, fiscalYearStart = 1): void {
  zone = timeZone;
  currency = cur;
  fiscalStart = fiscalYearStart >= 1 && fiscalYearStart <= 12 ? fiscalYearStart : 1;
}

/** orgZone is the org's IANA time zone. */
export function orgZone(): string {
  return zone;
}

const symbols: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', CAD: 'CA$', AUD: 'A$', CHF: 'CHF ' };

/** money writes a decimal string such as "-1250.5" as "−$1,250.50". */
export function money(amount: string | null | undefined): string {
  if (amount == null || amount === '') return '—';
  const negative = amount.startsWith('-');
  const [whole, frac = ''] = amount.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (frac + '00').slice(0, Math.max(2, frac.length));
  const symbol = symbols[currency] ?? `${currency} `;
  return `${negative ? '−' : ''}${symbol}${grouped}.${cents}`;
}

/** quantity writes a decimal quantity with its unit: "2 devices" is left to the unit's own word. */
export function quantity(q: string | null | undefined, unit?: string | null): string {
  if (q == null) return '—';
  return unit ? `${q} ${unit}` : q;
}

const dateFormat = () => new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = () =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** date writes an RFC 3339 time as the org's calendar date, "2 Mar 2026". */
export function date(ts: string | null | undefined): string {
  return ts ? dateFormat().format(new Date(ts)) : '—';
}

/** day writes a calendar date "YYYY-MM-DD" (a price's effective date) as "1 Jan 2026", the same in every zone. */
export function day(d: string): string {
  const [y, m, dd] = d.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(Date.UTC(y, m - 1, dd));
}

/** dateTime writes an RFC 3339 time in the org's zone, "2 Mar 2026, 09:00". */
export function dateTime(ts: string | null | undefined): string {
  return ts ? dateTimeFormat().format(new Date(ts)) : '—';
}

/** month writes "2026-03" as "March 2026". */
export function month(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, mo - 1, 1));
}

/** currentMonth is the month it is now in the org's zone, "YYYY-MM". */
export function currentMonth(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/**
 * fiscalYearOf names the fiscal year month m ("YYYY-MM") is in, as the API
 * does: fiscal year "YYYY" is the twelve months beginning in month start
 * (1 to 12) that end in calendar year YYYY. With start 7, "2026-07" to
 * "2027-06" are "2027"; with start 1 the fiscal year is the calendar year.
 */
export function fiscalYearOf(m: string, start = fiscalStart): string {
  const [y, mo] = m.split('-').map(Number);
  return String(start !== 1 && mo >= start ? y + 1 : y).padStart(4, '0');
}

/** currentFiscalYear is the fiscal year it is now in the org's zone. */
export function currentFiscalYear(now = new Date()): string {
  return fiscalYearOf(currentMonth(now));
}

/** fiscalYearSpan writes fiscal year "2027" as its months: "July 2026 to June 2027" (start 7), "2027" (start 1). */
export function fiscalYearSpan(year: string, start = fiscalStart): string {
  if (start === 1) return year;
  const first = `${Number(year) - 1}-${String(start).padStart(2, '0')}`;
  return `${month(first)} to ${month(addMonths(first, 11))}`;
}

/** addMonths moves "YYYY-MM" by n months. */
export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1 + n, 1));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** todayInput is today's date in the org's zone as an <input type="date"> value. */
export function todayInput(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const statusLabels: Record<Status, string> = {
  submitted: 'Submitted',
  approved: 'Approved',
  in_progress: 'In progress',
  fulfilled: 'Fulfilled',
  ended: 'Ended',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
};

/** status is a request status for people. */
export function status(s: Status): string {
  return statusLabels[s] ?? s;
}

const pricingLabels: Record<Pricing, string> = { one_time: 'one-time', monthly: 'per month', hourly: 'per hour' };

/** pricing says how a price applies: "one-time", "per month", "per hour". */
export function pricing(p: Pricing): string {
  return pricingLabels[p] ?? p;
}

/** unitPrice writes a price with its unit and pricing model: "$42.00 per user per month". */
export function unitPrice(price: string, unit: string, p: Pricing): string {
  if (p === 'hourly') return `${money(price)} per hour`;
  if (p === 'monthly') return `${money(price)} per ${unit} per month`;
  return `${money(price)} per ${unit}, one-time`;
}

const kindLabels: Record<LineKind, string> = { charge: 'Charge', recurring: 'Recurring', sla_credit: 'SLA credit', adjustment: 'Adjustment' };

/** lineKind is a statement line's kind for people. */
export function lineKind(k: LineKind): string {
  return kindLabels[k] ?? k;
}

const actionLabels: Record<string, string> = {
  create: 'Submitted',
  update: 'Changed',
  cancel: 'Cancelled',
  approve: 'Approved',
  reject: 'Rejected',
  start: 'Work started',
  fulfill: 'Fulfilled',
  end: 'Subscription ended',
};

/** action is a history entry's action for people. */
export function action(a: string): string {
  return actionLabels[a] ?? a;
}

/** timeLeft says how long until (or since) a due time, from now: "3 h left", "2 d overdue". */
export function timeLeft(due: string, now = Date.now()): string {
  const ms = new Date(due).getTime() - now;
  const h = Math.abs(ms) / 3_600_000;
  const span = h >= 48 ? `${Math.floor(h / 24)} d` : h >= 1 ? `${Math.floor(h)} h` : `${Math.max(1, Math.floor(h * 60))} min`;
  return ms >= 0 ? `${span} left` : `${span} overdue`;
}

/** slaHours writes an SLA target: "4 hours", "5 days". */
export function slaHours(h: number): string {
  if (h % 24 === 0 && h >= 48) return `${h / 24} days`;
  return h === 1 ? '1 hour' : `${h} hours`;
}

const periodLabels: Record<string, string> = { open: 'Open', closing: 'Closing', closed: 'Closed' };

/** periodStatus is a month's close status for people: "Open", "Closing", "Closed". */
export function periodStatus(s: string): string {
  return periodLabels[s] ?? s;
}

/** percent writes a one-decimal share such as "87.5" as "87.5 %"; nothing measured is "—", never 0. */
export function percent(p: string | null | undefined): string {
  return p == null ? '—' : `${p} %`;
}

/** hours writes a duration in hours such as "4.5" as "4.5 h"; nothing measured is "—". */
export function hours(h: string | null | undefined): string {
  return h == null ? '—' : `${h} h`;
}

/** score writes an average satisfaction score such as "4.25" as "4.25 of 5"; no answers is "—". */
export function score(s: string | null | undefined): string {
  return s == null ? '—' : `${s} of 5`;
}

/** lastMonths is the n months ending with last, newest first. */
export function lastMonths(last: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addMonths(last, -i));
}

/** zoneOffset is how far the org's zone is ahead of UTC at the instant t, in milliseconds. */
function zoneOffset(t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(t / 1000) * 1000;
}

/**
 * startOfDay turns an <input type="date"> value ("2027-01-15") into the
 * instant that day begins in the org's zone, as RFC 3339 UTC
 * ("2027-01-15T05:00:00Z" in New York). It tries the zone's offsets of
 * the day before and the day after, and keeps the earliest instant that
 * falls on the day: so a day that starts just after a daylight saving
 * change comes out right, and a day whose midnight does not exist starts
 * at the first minute that does.
 */
export function startOfDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const local = Date.UTC(y, m - 1, d);
  const candidates = [-86_400_000, 0, 86_400_000]
    .map((shift) => local - zoneOffset(local + shift))
    .filter((t) => todayInput(new Date(t)) === day);
  const t = candidates.length > 0 ? Math.min(...candidates) : local - zoneOffset(local);
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

/** yearAheadInput is the same calendar day a year after day ("YYYY-MM-DD"); 29 February becomes the 28th. */
export function yearAheadInput(day: string): string {
  const [y, m, d] = day.split('-');
  return `${Number(y) + 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}

/**
 * units writes a quantity with its catalog unit in plain English: "1 device",
 * "12 users", "7.5 hours", "2 mailboxes". The catalog names units in the
 * singular; anything but exactly one takes the plural.
 */
export function units(q: string | null | undefined, unit: string): string {
  if (q == null) return '—';
  if (Number(q) === 1 || !unit) return quantity(q, unit);
  const plural = /(s|x|z|ch|sh)$/.test(unit) ? `${unit}es` : `${unit}s`;
  return `${q} ${plural}`;
}

const inquiryLabels: Record<InquiryStatus, string> = { open: 'Asked, waiting for finance', resolved: 'Answered', withdrawn: 'Withdrawn' };

/** inquiryStatus is an inquiry's status for people. */
export function inquiryStatus(s: InquiryStatus): string {
  return inquiryLabels[s] ?? s;
}

/** inquiryOutcome says what finance decided: "Credited $12.50", "Not changed". */
export function inquiryOutcome(outcome: 'credit' | 'rejected' | undefined, credit?: string): string {
  if (outcome === 'credit') return `Credited ${money(credit)}`;
  if (outcome === 'rejected') return 'Not changed';
  return '—';
}

const budgetLabels: Record<BudgetStatus, string> = { ok: 'Within budget', warning: 'Past a warning threshold', over: 'Over budget' };

/** budgetStatus says how a forecast stands against its budget; no budget is "No budget". */
export function budgetStatus(s: BudgetStatus | null | undefined): string {
  return s ? (budgetLabels[s] ?? s) : 'No budget';
}

/** thresholds writes a budget's warning thresholds, [80, 100], as "80 %, 100 %". */
export function thresholds(t: number[]): string {
  return t.map((n) => `${n} %`).join(', ');
}

/** leftOrOver writes what remains of a budget: "$1,850.52 left", or "$120.00 over" when the remaining amount is negative. */
export function leftOrOver(remaining: string | null | undefined): string {
  if (remaining == null) return '—';
  return remaining.startsWith('-') ? `${money(remaining.slice(1))} over` : `${money(remaining)} left`;
}
