// A table whose columns sort when their header button is pressed. Values
// sort as the API gave them: numbers by value (decimal strings compare as
// numbers only for ordering, nothing shown is recomputed), text by locale.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface Column<T> {
  key: string;
  label: string;
  /** sortValue orders rows; omit it for a column that does not sort. */
  sortValue?: (row: T) => string | number | null;
  render: (row: T) => ComponentChildren;
  numeric?: boolean;
}

/** SortableTable renders rows under sortable column headers. */
export function SortableTable<T>({ caption, columns, rows, rowKey, initial, foot, stack }: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  initial?: { key: string; descending: boolean };
  /** foot is a row that stays below the sorted rows, such as totals. */
  foot?: ComponentChildren;
  /**
   * stack lays each row out as a card on a phone, instead of a table to
   * scroll sideways: the first column names the row, so it is the row's
   * heading (a th) and the card's title, and every other value sits beside
   * its column's name.
   */
  stack?: boolean;
}) {
  const [sort, setSort] = useState(initial ?? { key: '', descending: false });
  const col = columns.find((c) => c.key === sort.key);
  const sorted = col?.sortValue ? [...rows].sort((a, b) => compare(col.sortValue!(a), col.sortValue!(b), sort.descending)) : rows;
  return (
    <div class="table-wrap">
      <table class={stack ? 'stack' : undefined}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                class={c.numeric ? 'num' : undefined}
                aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                {c.sortValue ? (
                  <button
                    type="button"
                    class="sort"
                    onClick={() => setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : c.numeric === true })}
                  >
                    {c.label}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c, i) =>
                stack && i === 0 ? (
                  <th key={c.key} scope="row" class={c.numeric ? 'num' : undefined}>
                    {c.render(r)}
                  </th>
                ) : (
                  <td key={c.key} class={c.numeric ? 'num' : undefined} data-label={stack ? c.label : undefined}>
                    {c.render(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}

/** compare orders two values either way; nothing measured (null) sorts last both ways. */
function compare(a: string | number | null, b: string | number | null, descending: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return ordered(a, b) * (descending ? -1 : 1);
}

function ordered(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b));
}
