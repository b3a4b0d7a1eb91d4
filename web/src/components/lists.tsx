import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiProblem } from '../api/client';
import { Alert } from './ui';

/**
 * A searchable, paged list's state: the text as typed, the query it settles into (250 ms after the
 * last keystroke, so typing makes no request per key) and the offset, back to 0 on a new query.
 */
export function useSearch() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);
  return { search, setSearch, query, offset, setOffset };
}

export function SearchBox({
  label,
  value,
  onValue,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <div class="toolbar">
      <label class="search">
        <span class="visually-hidden">{label}</span>
        <input
          type="search"
          placeholder={label}
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      </label>
    </div>
  );
}

/** Previous / "21–40 of 57" / Next, shown only when there is more than one page. */
export function Pager({
  offset,
  total,
  page,
  onOffset,
}: {
  offset: number;
  total: number;
  page: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= page) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button
        type="button"
        class="secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - page))}
      >
        Previous
      </button>
      <span>
        {offset + 1}–{Math.min(offset + page, total)} of {total}
      </span>
      <button
        type="button"
        class="secondary"
        disabled={offset + page >= total}
        onClick={() => onOffset(offset + page)}
      >
        Next
      </button>
    </nav>
  );
}

/**
 * A list: its column headers (`actions` adds a visually hidden Actions column) and one row per
 * item, drawn by `row`.
 */
export function ListTable<T>({
  label,
  columns,
  actions,
  items,
  row,
}: {
  label?: string;
  columns: string[];
  actions?: boolean;
  items: T[];
  row: (item: T) => ComponentChildren;
}) {
  return (
    <table class="list" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column}>
              {column}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{items.map(row)}</tbody>
    </table>
  );
}

/** While a list loads: its problem with a Try again, or "Loading…"; nothing once it is there. */
export function LoadStatus({
  load,
}: {
  load: { data: unknown; problem?: ApiProblem; reload: () => void };
}) {
  if (load.problem) {
    return (
      <Alert>
        {load.problem.message}{' '}
        <button type="button" class="link" onClick={load.reload}>
          Try again
        </button>
      </Alert>
    );
  }
  return load.data === undefined ? <p class="muted">Loading…</p> : null;
}
