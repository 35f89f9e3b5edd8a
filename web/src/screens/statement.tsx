// TODO(portal): this screen is being built.
export function StatementPage() {
  return <section><h1>StatementPage</h1><p>Coming in this change.</p></section>;
}
