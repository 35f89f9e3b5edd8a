// The fiscal year picker of the budget screens: this year, the one before
// and the one after, with the year's months beside it when they are not a
// calendar year.
import { currentFiscalYear, fiscalYearSpan } from '../format';

/** YearPicker shows year in a select of the fiscal years around this one; id names its label. */
export function YearPicker({ id, year, onChange }: { id: string; year: string; onChange: (year: string) => void }) {
  const current = currentFiscalYear();
  const years = [-1, 0, 1].map((n) => String(Number(current) + n));
  const span = fiscalYearSpan(year);
  return (
    <div class="filters">
      <div class="field">
        <label for={id}>Fiscal year</label>
        <select id={id} value={year} onChange={(e) => onChange(e.currentTarget.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
              {y === current ? ' (this year)' : ''}
            </option>
          ))}
        </select>
      </div>
      {span !== year && <p class="meta">{span}</p>}
    </div>
  );
}
