// The one API client: the only code that calls fetch. It adds the token,
// an Idempotency-Key on creates and If-Match on changes, knows the routes
// (screens never build a URL), and turns a problem+json answer into one
// typed error, Problem. It also reads the portal's settings (loadConfig).

import type { Config } from './config';

export type Pricing = 'one_time' | 'monthly' | 'hourly';
export type Status = 'submitted' | 'approved' | 'in_progress' | 'fulfilled' | 'ended' | 'cancelled' | 'rejected';
export type LineKind = 'charge' | 'recurring' | 'sla_credit' | 'adjustment';

export interface Price { effective: string; unit_price: string }
export interface Service {
  id: string; name: string; category: string; description: string; owner: string; unit: string;
  pricing: Pricing; currency: string; current_price: Price | null; sla_hours: number;
  sla_credit_percent: string; approval: 'required' | 'none'; active: boolean; prices?: Price[];
}
export interface Department { id: string; name: string; cost_center: string; active: boolean }
export interface HistoryEntry { at: string; by: string; action: string; from: Status | null; to: Status; note?: string }
export interface RequestCharge { line_id: string; kind: LineKind; month: string; amount: string }
export interface SurveyAnswer { request_id: string; score: number; comment?: string; submitted_at: string; submitted_by: string; month: string }
export interface ServiceRequest {
  id: string; department: string; service_id: string; service_name: string; pricing: Pricing;
  quantity: string; unit: string; quoted_unit_price: string; estimated_charge: string; currency: string;
  status: Status; overdue: boolean; note?: string; created_at: string; sla_due_at: string;
  fulfilled_at?: string; fulfilled_quantity?: string; ended_at?: string; version: number; requested_by: string;
}
export interface RequestDetail extends ServiceRequest {
  history: HistoryEntry[]; charges: RequestCharge[]; survey: SurveyAnswer | { status: 'pending' } | null;
}
export interface Page<T> { items: T[]; next_cursor?: string }
export interface StatementLine {
  month: string; department: string; cost_center: string; line_id: string; kind: LineKind;
  request_id: string | null; service_id: string | null; service_name: string | null; description: string;
  quantity: string | null; unit: string | null; unit_price: string | null; days: number | null; amount: string;
  /** inquiry is the line's latest inquiry, when it has one. */
  inquiry?: { id: string; status: InquiryStatus };
}
export interface Statement {
  month: string; department: string; department_name: string; cost_center: string; currency: string;
  status: 'open' | 'closed'; lines: StatementLine[]; by_service: { service_id: string; total: string }[];
  total: string; closed_at?: string; checksum?: string;
  inquiries?: { open: number; resolved: number };
}
/** StatementChanges explains a statement's difference from the month before's; money as the API gives it. */
export interface StatementChanges {
  month: string; previous_month: string; total: string; previous_total: string; difference: string;
  items: ServiceChange[]; sla_credits: ChangeBucket; adjustments: ChangeBucket;
}
export interface ServiceChange {
  service_id: string; service_name: string; previous_amount: string; amount: string; difference: string;
  rate: string; volume: string; new: string; ended: string;
}
export interface ChangeBucket { previous: string; current: string; difference: string }
export interface MonthStatements {
  month: string; status: PeriodStatus; total: string;
  items: { department: string; cost_center: string; total: string; lines: number; status: string }[];
}
export type PeriodStatus = 'open' | 'closing' | 'closed';
export interface Period { month: string; status: PeriodStatus; closed_at?: string; closed_by?: string; total?: string; inquiries_open?: number }
export type InquiryStatus = 'open' | 'resolved' | 'withdrawn';
export interface Inquiry {
  id: string; month: string; department: string; line_id: string; service_id: string | null; service_name: string | null;
  request_id: string | null; line_amount: string; amount: string | null; reason: string; status: InquiryStatus;
  opened_at: string; opened_by: string; version: number; outcome?: 'credit' | 'rejected'; credit_amount?: string; note?: string;
  resolved_at?: string; resolved_by?: string; withdrawn_at?: string; withdrawn_by?: string;
  adjustment_line_id?: string; adjustment_month?: string;
}
export interface Metrics {
  requests: number; fulfilled: number; units: string; charged: string; credits: string; cost_per_unit: string | null;
  responses: number; avg_score: string | null; csat_percent: string | null; response_rate_percent: string | null;
  sla_met_percent: string | null; median_hours: string | null; p90_hours: string | null;
}
export interface ServiceReport {
  from: string; to: string; totals: Metrics; adjustments_without_service: string;
  items: (Metrics & { service_id: string; service_name: string; category: string })[];
}
export interface DepartmentReport {
  from: string; to: string;
  items: { department: string; department_name: string; charged: string; requests: number; fulfilled: number; responses: number; avg_score: string | null }[];
}
export interface Download { filename: string; blob: Blob; text: string }

export type BudgetStatus = 'ok' | 'warning' | 'over';
export interface Budget {
  year: string; department: string; amount: string; thresholds: number[]; version: number; updated_at: string; updated_by: string;
}
export interface Commitment { request_id: string; service_id: string; status: Status; amount: string }
/** Forecast is a department's fiscal year: its budget (null without one) and the forecast's figures, money as the API gives it. */
export interface Forecast {
  year: string; department: string; budget: Budget | null; currency: string;
  actual: string; committed: string; commitments: Commitment[]; recurring: string; forecast: string;
  remaining: string | null; used_percent: string | null; status: BudgetStatus | null;
  /** as_of is the month ("YYYY-MM") the forecast looks forward from. */
  as_of: string;
}
export interface YearBudgets { year: string; items: Forecast[] }
/** BudgetImpact is what a request does to its department's budget for the current fiscal year. */
export interface BudgetImpact { year: string; remaining_before: string; remaining_after: string; used_percent_after: string; status_after: BudgetStatus }
/** Quote is what a create would answer, written nowhere. */
export interface Quote {
  service_id: string; service_name: string; department: string; pricing: Pricing; quantity: string; unit: string;
  quoted_unit_price: string; estimated_charge: string; currency: string; sla_due_at: string; approval: 'required' | 'none';
  status: Status; budget: BudgetImpact | null;
}

/** loadConfig reads the portal's settings, /config.json; the portal cannot start without them. */
export async function loadConfig(): Promise<Config> {
  const res = await fetch('/config.json', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as Config;
}

/** Problem is an answer that is not a success: RFC 9457 problem details, or a network failure (status 0). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: { field: string; message: string }[] = [],
    readonly retryAfter?: number,
  ) {
    super(detail || title);
  }
  /** fieldError is the message for one field, if the problem names it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
  /** unnamed is every field error whose field is not in shown. */
  unnamed(shown: string[]): { field: string; message: string }[] {
    return this.errors.filter((e) => !shown.includes(e.field));
  }
}

interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  ifMatch?: number;
  accept?: string;
}

/** newIdempotencyKey is a fresh key for one form submission. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Client calls the /v1 API as the signed-in person. */
export class Client {
  constructor(
    private readonly token: () => string | null,
    private readonly onUnauthorized: () => void,
  ) {}

  private async send(method: string, path: string, o: CallOptions = {}): Promise<Response> {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(o.query ?? {})) {
      if (v !== undefined && v !== '' && v !== false) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { Accept: o.accept ?? 'application/json' };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey;
    if (o.ifMatch !== undefined) headers['If-Match'] = `"${o.ifMatch}"`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    } catch {
      throw new Problem(0, 'network', 'No connection', 'The service could not be reached. Check the connection and try again.');
    }
    if (res.ok) return res;
    if (res.status === 401) this.onUnauthorized();
    throw await toProblem(res);
  }

  private async json<T>(method: string, path: string, o?: CallOptions): Promise<T> {
    return (await (await this.send(method, path, o)).json()) as T;
  }

  private async download(path: string, o: CallOptions, fallback: string): Promise<Download> {
    const res = await this.send('GET', path, o);
    const blob = await res.blob();
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallback;
    return { filename, blob, text: await blob.text() };
  }

  // Catalog
  /** services is the whole catalog (it fits one page of 200), with retired services when asked. */
  services(o: { category?: string; includeRetired?: boolean } = {}) {
    return this.json<Page<Service>>('GET', '/v1/services', { query: { category: o.category, include_retired: o.includeRetired, limit: 200 } });
  }
  service(id: string) { return this.json<Service>('GET', `/v1/services/${enc(id)}`); }
  departments() { return this.json<Page<Department>>('GET', '/v1/departments'); }

  // Requests
  createRequest(body: { service_id: string; quantity: string; note?: string; department?: string }, idempotencyKey: string) {
    return this.json<RequestDetail>('POST', '/v1/requests', { body, idempotencyKey });
  }
  requests(q: { department?: string; status?: string; service?: string; overdue?: boolean; cursor?: string; limit?: number }) {
    return this.json<Page<ServiceRequest>>('GET', '/v1/requests', { query: q });
  }
  request(id: string) { return this.json<RequestDetail>('GET', `/v1/requests/${enc(id)}`); }
  changeRequest(id: string, version: number, body: { quantity?: string; note?: string }) {
    return this.json<RequestDetail>('PATCH', `/v1/requests/${enc(id)}`, { body, ifMatch: version });
  }
  /** act runs a lifecycle action (cancel, approve, reject, start, fulfill, end) on the version the person saw. */
  act(id: string, action: 'cancel' | 'approve' | 'reject' | 'start' | 'fulfill' | 'end', version: number, body: Record<string, string> = {}) {
    return this.json<RequestDetail>('POST', `/v1/requests/${enc(id)}/${action}`, { body, ifMatch: version });
  }
  rate(id: string, body: { score: number; comment?: string }) {
    return this.json<SurveyAnswer>('POST', `/v1/requests/${enc(id)}/survey`, { body });
  }

  // Statements and months
  statement(month: string, dept: string) { return this.json<Statement>('GET', `/v1/statements/${enc(month)}/${enc(dept)}`); }
  statementChanges(month: string, dept: string) {
    return this.json<StatementChanges>('GET', `/v1/statements/${enc(month)}/${enc(dept)}/changes`);
  }
  statementCSV(month: string, dept: string) {
    return this.download(`/v1/statements/${enc(month)}/${enc(dept)}`, { query: { format: 'csv' }, accept: 'text/csv' }, `statement-${month}-${dept}.csv`);
  }
  monthStatements(month: string) { return this.json<MonthStatements>('GET', `/v1/statements/${enc(month)}`); }
  monthStatementsCSV(month: string) {
    return this.download(`/v1/statements/${enc(month)}`, { query: { format: 'csv' }, accept: 'text/csv' }, `statements-${month}.csv`);
  }
  journal(month: string) { return this.download(`/v1/statements/${enc(month)}/journal`, { accept: 'text/csv' }, `journal-${month}.csv`); }
  period(month: string) { return this.json<Period>('GET', `/v1/periods/${enc(month)}`); }
  /** closePeriod closes a month that is over; carry says to close it with inquiries still open (they stay open, credits go to the current month). */
  closePeriod(month: string, carry = false) {
    return this.json<Period>('POST', `/v1/periods/${enc(month)}/close`, { body: carry ? { carry_open_inquiries: true } : undefined });
  }
  postAdjustment(
    body: { department: string; month: string; amount: string; description: string; service_id?: string; request_id?: string },
    idempotencyKey: string,
  ) {
    return this.json<StatementLine>('POST', '/v1/adjustments', { body, idempotencyKey });
  }

  // Inquiries
  openInquiry(body: { month: string; line_id: string; reason: string; amount?: string; department?: string }, idempotencyKey: string) {
    return this.json<Inquiry>('POST', '/v1/inquiries', { body, idempotencyKey });
  }
  inquiries(q: { month?: string; department?: string; status?: InquiryStatus; cursor?: string; limit?: number }) {
    return this.json<Page<Inquiry>>('GET', '/v1/inquiries', { query: q });
  }
  inquiry(id: string) { return this.json<Inquiry>('GET', `/v1/inquiries/${enc(id)}`); }
  resolveInquiry(id: string, body: { outcome: 'credit' | 'rejected'; amount?: string; note: string }) {
    return this.json<Inquiry>('POST', `/v1/inquiries/${enc(id)}/resolve`, { body });
  }
  withdrawInquiry(id: string) { return this.json<Inquiry>('POST', `/v1/inquiries/${enc(id)}/withdraw`); }

  // Budgets and quotes
  /** quote answers what filing a request would cost and do to the budget; it writes nothing. */
  quote(body: { service_id: string; quantity: string; department?: string }) { return this.json<Quote>('POST', '/v1/quotes', { body }); }
  budget(year: string, dept: string) { return this.json<Forecast>('GET', `/v1/budgets/${enc(year)}/${enc(dept)}`); }
  budgets(year: string) { return this.json<YearBudgets>('GET', `/v1/budgets/${enc(year)}`); }
  /** setBudget sets a department's budget; version is the one the person saw (0 when there was no budget yet). */
  setBudget(year: string, dept: string, body: { amount: string; thresholds?: (number | string)[] }, version: number) {
    return this.json<Budget>('PUT', `/v1/budgets/${enc(year)}/${enc(dept)}`, { body, ifMatch: version });
  }

  // Reports
  serviceReport(from: string, to: string) { return this.json<ServiceReport>('GET', '/v1/reports/services', { query: { from, to } }); }
  serviceReportCSV(from: string, to: string) {
    return this.download('/v1/reports/services', { query: { from, to, format: 'csv' }, accept: 'text/csv' }, `report-services-${from}-${to}.csv`);
  }
  departmentReport(from: string, to: string) { return this.json<DepartmentReport>('GET', '/v1/reports/departments', { query: { from, to } }); }
  departmentReportCSV(from: string, to: string) {
    return this.download('/v1/reports/departments', { query: { from, to, format: 'csv' }, accept: 'text/csv' }, `report-departments-${from}-${to}.csv`);
  }
  chart(from: string, to: string) {
    return this.download('/v1/reports/services/chart.svg', { query: { from, to }, accept: 'image/svg+xml' }, `chart-${from}-${to}.svg`);
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

async function toProblem(res: Response): Promise<Problem> {
  const retryAfter = Number(res.headers.get('Retry-After')) || undefined;
  try {
    const p = (await res.json()) as { title?: string; detail?: string; code?: string; errors?: { field: string; message: string }[] };
    return new Problem(res.status, p.code ?? String(res.status), p.title ?? res.statusText, p.detail ?? '', p.errors ?? [], retryAfter);
  } catch {
    return new Problem(res.status, String(res.status), res.statusText, '', [], retryAfter);
  }
}
