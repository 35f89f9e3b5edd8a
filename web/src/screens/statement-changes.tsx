// What changed since last month, under every statement: the total then and
// now, and each service's change, largest first, in words a department
// head reads without a glossary. Every figure is the API's own (GET
// /v1/statements/{month}/{department}/changes); the browser only picks
// the words, from each figure's sign.
import type { ChangeBucket, ServiceChange } from '../api';
import { useApp } from '../app';
import { money, month as monthName } from '../format';
import { useLoad } from '../ui/hooks';
import { ProblemBanner } from '../ui/problem';

const zero = (amount: string) => amount === '0.00';
const negative = (amount: string) => amount.startsWith('-');

/** reasons says why a service's charge moved, one short phrase per part that applies. */
function reasons(c: ServiceChange): string[] {
  if (!zero(c.new)) return ['New this month'];
  if (!zero(c.ended)) return ['No longer charged'];
  const out: string[] = [];
  if (!zero(c.rate)) out.push(`${negative(c.rate) ? 'Lower price' : 'Higher price'}: ${money(c.rate)}`);
  if (!zero(c.volume)) out.push(`${negative(c.volume) ? 'Fewer units' : 'More units'}: ${money(c.volume)}`);
  return out.length ? out : ['No change'];
}

/** direction says which way a difference goes, in words. */
function direction(difference: string): string {
  if (zero(difference)) return 'the same as';
  return negative(difference) ? 'less than' : 'more than';
}

export function StatementChanges({ month, department }: { month: string; department: string }) {
  const { client } = useApp();
  const changes = useLoad(() => client.statementChanges(month, department), [month, department]);
  const c = changes.data;
  const before = c ? monthName(c.previous_month) : 'last month';
  // The lines that are not a service's charge, with what they are.
  const buckets: [string, string, ChangeBucket][] = c
    ? ([
        ['Credits for late delivery', 'Part of a charge given back when IT delivered late', c.sla_credits],
        ['Corrections by finance', 'Amounts finance added or gave back by hand', c.adjustments],
      ] as [string, string, ChangeBucket][]).filter(([, , b]) => !zero(b.previous) || !zero(b.current))
    : [];

  return (
    <section aria-labelledby="changes-heading">
      <h2 id="changes-heading">What changed since {before}</h2>
      {!c &&
        (changes.problem ? <ProblemBanner problem={changes.problem} /> : <p aria-live="polite">Comparing with last month…</p>)}
      {c && (
        <>
          <dl class="facts wide">
            <div>
              <dt>{monthName(c.previous_month)}</dt>
              <dd>{money(c.previous_total)}</dd>
            </div>
            <div>
              <dt>{monthName(c.month)}</dt>
              <dd>{money(c.total)}</dd>
            </div>
            <div>
              <dt>Difference</dt>
              <dd>{money(c.difference)}</dd>
            </div>
          </dl>
          <p>
            {monthName(c.month)} costs {direction(c.difference)} {monthName(c.previous_month)}.
            {c.items.length > 0 && ' Largest change first:'}
          </p>
          {c.items.length === 0 && buckets.length === 0 ? (
            <p>Nothing was charged in either month.</p>
          ) : (
            <div class="table-wrap" role="region" aria-label="What changed" tabIndex={0}>
              <table class="stack">
                <caption>What changed, by service</caption>
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col" class="num">{monthName(c.previous_month)}</th>
                    <th scope="col" class="num">{monthName(c.month)}</th>
                    <th scope="col" class="num">Change</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {c.items.map((item) => (
                    <tr key={item.service_id}>
                      <th scope="row">{item.service_name}</th>
                      <td class="num" data-label={monthName(c.previous_month)}>{money(item.previous_amount)}</td>
                      <td class="num" data-label={monthName(c.month)}>{money(item.amount)}</td>
                      <td class="num" data-label="Change">{money(item.difference)}</td>
                      <td data-label="Why">
                        {reasons(item).join('; ')}
                      </td>
                    </tr>
                  ))}
                  {buckets.map(([label, what, b]) => (
                    <tr key={label}>
                      <th scope="row">{label}</th>
                      <td class="num" data-label={monthName(c.previous_month)}>{money(b.previous)}</td>
                      <td class="num" data-label={monthName(c.month)}>{money(b.current)}</td>
                      <td class="num" data-label="Change">{money(b.difference)}</td>
                      <td data-label="Why">{zero(b.difference) ? 'No change' : what}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td class="num total" data-label={monthName(c.previous_month)}>{money(c.previous_total)}</td>
                    <td class="num total" data-label={monthName(c.month)}>{money(c.total)}</td>
                    <td class="num total" data-label="Change">{money(c.difference)}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <p class="hint">
            A higher or lower price is what the same units would have cost at this month's price; more or fewer units is the rest
            of the change. Units of a subscription count the days it ran, so a part month counts as part of a unit.
          </p>
        </>
      )}
    </section>
  );
}
