// Which actions the request page offers: the API's rules table
// (internal/request/status.go) and its route roles (internal/httpapi/api.go)
// written once more for the browser, so the page hides what the API would
// refuse. The API stays the guard: when they disagree, its answer wins.
import type { Person } from '../auth';
import type { RequestDetail, Status } from '../api';

/** Action is something the page can offer to do to a request. */
export type Action = 'update' | 'cancel' | 'approve' | 'reject' | 'start' | 'fulfill' | 'end' | 'rate';

/** Panel is an action that needs a form before it is sent. */
export type Panel = 'update' | 'cancel' | 'reject' | 'fulfill' | 'end';

type Who = 'own' | 'fulfiller';

const rules: Record<Exclude<Action, 'rate'>, { from: Status[]; who: Who[] }> = {
  update: { from: ['submitted', 'approved'], who: ['own'] },
  cancel: { from: ['submitted', 'approved', 'in_progress'], who: ['own', 'fulfiller'] },
  approve: { from: ['submitted'], who: ['fulfiller'] },
  reject: { from: ['submitted', 'approved'], who: ['fulfiller'] },
  start: { from: ['approved'], who: ['fulfiller'] },
  fulfill: { from: ['approved', 'in_progress'], who: ['fulfiller'] },
  end: { from: ['fulfilled'], who: ['own', 'fulfiller'] },
};

/** allowed is every action person may take on r as it stands. Finance and leadership only read. */
export function allowed(r: RequestDetail, person: Person): Set<Action> {
  const own = person.roles.includes('requester') && person.department === r.department;
  const is = (w: Who) => (w === 'own' ? own : person.roles.includes('fulfiller'));
  const out = new Set<Action>();
  for (const [a, rule] of Object.entries(rules) as [Exclude<Action, 'rate'>, (typeof rules)['update']][]) {
    if (rule.from.includes(r.status) && rule.who.some(is)) out.add(a);
  }
  // Only a subscription can be ended.
  if (r.pricing !== 'monthly') out.delete('end');
  // The survey is pending once the request is delivered, and only its department's head answers it.
  if (own && r.survey && 'status' in r.survey && r.survey.status === 'pending') out.add('rate');
  return out;
}
