// Finance's budgets: one table of every department for a fiscal year, each
// row's amount and warning thresholds editable and saved on its own, with
// the version finance saw (If-Match; "0" for a department's first budget, so of
// two first saves only one lands). Someone else's save in between is a
// 409 that says so and offers the budget as it now is; a value the API
// refuses is shown by its field.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app';
import { Problem, type Budget, type Forecast } from '../api';
import { currentFiscalYear, leftOrOver, money, percent } from '../format';
import { BudgetBadge } from '../ui/budget-bar';
import { useLoad } from '../ui/hooks';
import { YearPicker } from '../ui/year-picker';
import { fieldError, ProblemBanner } from '../ui/problem';

export function Budgets() {
  const { client } = useApp();
  const [year, setYear] = useState(currentFiscalYear());
  const list = useLoad(() => client.budgets(year), [year]);
  const departments = useLoad(() => client.departments(), []);
  const names = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));

  return (
    <section>
      <h1>Budgets</h1>
      <p class="lede">
        Each department's budget for a fiscal year and the thresholds that warn as its forecast nears it. Save a row to set it; a
        department without a budget still has its forecast.
      </p>
      <YearPicker id="budgets-year" year={year} onChange={setYear} />
      <ProblemBanner problem={list.problem} />
      {list.loading && !list.data && <p aria-live="polite">Loading the budgets…</p>}
      {list.data && (
        <div class="table-wrap">
          <table class="stack budgets">
            <caption>Budgets for fiscal year {list.data.year}</caption>
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">Budget</th>
                <th scope="col">Thresholds (%)</th>
                <th scope="col" class="num">
                  Forecast
                </th>
                <th scope="col" class="num">
                  Used
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Save</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <BudgetRow key={`${list.data!.year}/${f.department}`} initial={f} name={names.get(f.department) ?? f.department} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** BudgetRow is one department's budget: its inputs, its figures, its save and what came of it. */
function BudgetRow({ initial, name }: { initial: Forecast; name: string }) {
  const { client } = useApp();
  const [f, setF] = useState(initial);
  const [amount, setAmount] = useState(initial.budget?.amount ?? '');
  const [levels, setLevels] = useState((initial.budget?.thresholds ?? [80, 100]).join(', '));
  const [state, setState] = useState<{ saving?: boolean; problem?: unknown; saved?: string }>({});
  useEffect(() => setF(initial), [initial]);

  /** show puts a department's figures as the API now has them back into the row. */
  const show = (fresh: Forecast) => {
    setF(fresh);
    setAmount(fresh.budget?.amount ?? '');
    setLevels((fresh.budget?.thresholds ?? [80, 100]).join(', '));
  };
  const save = async () => {
    if (state.saving) return;
    setState({ saving: true });
    const parts = levels.split(/[\s,]+/).filter(Boolean);
    let budget: Budget;
    try {
      budget = await client.setBudget(
        f.year,
        f.department,
        { amount: amount.trim(), thresholds: parts.length ? parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : undefined },
        f.budget?.version ?? 0,
      );
    } catch (problem) {
      setState({ problem });
      return;
    }
    // Saved: the row holds the new version at once, so a next save is not
    // refused for the one just made even if the figures fail to reload.
    show({ ...f, budget });
    try {
      show(await client.budget(f.year, f.department));
      setState({ saved: `Saved ${name}'s budget.` });
    } catch {
      setState({ saved: `Saved ${name}'s budget; its figures could not be reloaded.` });
    }
  };
  const saveOnEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') void save();
  };
  const reload = async () => {
    setState({ saving: true });
    try {
      show(await client.budget(f.year, f.department));
      setState({ saved: `Reloaded: ${name}'s budget as it now is.` });
    } catch (problem) {
      setState({ problem });
    }
  };

  const conflict = state.problem instanceof Problem && state.problem.status === 409;
  const id = `budget-${f.department}`;
  const amountError = fieldError(state.problem, 'amount');
  const levelsError = fieldError(state.problem, 'thresholds');
  const row = (
    <tr>
      <th scope="row">
        {name}
      </th>
      <td data-label="Budget">
        <div class="cell-field">
          <label class="sr-only" for={`${id}-amount`}>
            Budget for {name}
          </label>
          <input
            id={`${id}-amount`}
            inputMode="decimal"
            size={10}
            value={amount}
            placeholder="None"
            onInput={(e) => setAmount(e.currentTarget.value)}
            onKeyDown={saveOnEnter}
            aria-invalid={amountError ? 'true' : undefined}
            aria-describedby={amountError ? `${id}-amount-error` : undefined}
          />
          {amountError && (
            <span class="error" id={`${id}-amount-error`}>
              {amountError}
            </span>
          )}
        </div>
      </td>
      <td data-label="Thresholds (%)">
        <div class="cell-field">
          <label class="sr-only" for={`${id}-thresholds`}>
            Thresholds for {name}, in percent
          </label>
          <input
            id={`${id}-thresholds`}
            size={10}
            value={levels}
            onInput={(e) => setLevels(e.currentTarget.value)}
            onKeyDown={saveOnEnter}
            aria-invalid={levelsError ? 'true' : undefined}
            aria-describedby={levelsError ? `${id}-thresholds-error` : undefined}
          />
          {levelsError && (
            <span class="error" id={`${id}-thresholds-error`}>
              {levelsError}
            </span>
          )}
        </div>
      </td>
      <td class="num" data-label="Forecast">
        {money(f.forecast)}
      </td>
      <td class="num" data-label="Used">
        <span>
          {percent(f.used_percent)}
          {f.remaining != null && <small class="block">{leftOrOver(f.remaining)}</small>}
        </span>
      </td>
      <td data-label="Status">
        <BudgetBadge status={f.status} />
      </td>
      <td data-label="">
        <button type="button" onClick={() => void save()} disabled={state.saving}>
          {state.saving ? 'Saving…' : <>Save<span class="sr-only"> {name}</span></>}
        </button>
      </td>
    </tr>
  );
  const message = state.saved ? (
    <p role="status">{state.saved}</p>
  ) : conflict ? (
    <div class="problem" role="alert">
      <strong>Someone else changed {name}'s budget</strong> while you had it open; yours was not saved.{' '}
      <button type="button" class="link" onClick={() => void reload()}>
        Reload it
      </button>{' '}
      to see theirs, then save again.
    </div>
  ) : amountError || levelsError ? (
    <p class="error" role="alert">
      {name}'s budget was not saved{state.problem instanceof Problem && state.problem.detail ? `: ${state.problem.detail}` : ''}. See the
      marked {amountError && levelsError ? 'fields' : 'field'}.
    </p>
  ) : state.problem != null ? (
    <ProblemBanner problem={state.problem} fields={['amount', 'thresholds']} />
  ) : null;
  return (
    <>
      {row}
      {message && (
        <tr class="row-message">
          <td colSpan={7}>{message}</td>
        </tr>
      )}
    </>
  );
}
