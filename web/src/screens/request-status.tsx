// A request's status as a badge, with an "Overdue" badge beside it when
// the API says it is past its SLA: the list, the queue and the request
// page show it the same way.
import type { ServiceRequest } from '../api';
import { status } from '../format';

/** StatusBadges shows a request's status and whether it is overdue. */
export function StatusBadges({ request }: { request: Pick<ServiceRequest, 'status' | 'overdue'> }) {
  return (
    <span class="badges">
      <span class={`badge ${request.status}`}>{status(request.status)}</span>
      {request.overdue && <span class="badge overdue">Overdue</span>}
    </span>
  );
}
