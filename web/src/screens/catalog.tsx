// The catalog: every active service with its price, SLA and whether it
// needs approval; search and a category filter; each links to its page,
// where a department head requests it.
import { useMemo, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApp } from '../app';
import { slaHours, unitPrice } from '../format';
import { ProblemBanner } from '../ui/problem';
import { useLoad } from '../ui/hooks';

export function Catalog() {
  const { client } = useApp();
  const services = useLoad(() => client.services(), []);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const items = services.data?.items ?? [];
  const categories = useMemo(() => [...new Set(items.map((s) => s.category))].sort(), [items]);
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = items.filter(
    (s) =>
      (!category || s.category === category) &&
      words.every((w) => `${s.name} ${s.description} ${s.category} ${s.owner}`.toLowerCase().includes(w)),
  );
  return (
    <section>
      <h1>Service catalog</h1>
      <p class="lede">What IT offers, what it costs your department and how fast it is delivered.</p>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="catalog-search">Search</label>
          <input id="catalog-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="catalog-category">Category</label>
          <select id="catalog-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ProblemBanner problem={services.problem} />
      {services.loading && !services.data ? <p aria-live="polite">Loading the catalog…</p> : null}
      {services.data && (
        <p class="count" aria-live="polite">
          {shown.length} of {items.length} services
        </p>
      )}
      <ul class="cards" aria-label="Services">
        {shown.map((s) => (
          <li key={s.id} class="card">
            <h2>
              <Link href={`/catalog/${encodeURIComponent(s.id)}`}>{s.name}</Link>
            </h2>
            <p class="meta">
              {s.category} · {s.owner}
            </p>
            <p>{s.description}</p>
            <dl class="facts">
              <div>
                <dt>Price</dt>
                <dd>{s.current_price ? unitPrice(s.current_price.unit_price, s.unit, s.pricing) : 'No current price'}</dd>
              </div>
              <div>
                <dt>Delivered within</dt>
                <dd>{slaHours(s.sla_hours)}</dd>
              </div>
              <div>
                <dt>Approval</dt>
                <dd>{s.approval === 'required' ? 'IT approves first' : 'Not needed'}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
