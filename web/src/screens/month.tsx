// TODO(portal): this screen is being built.
export function MonthPage() {
  return <section><h1>MonthPage</h1><p>Coming in this change.</p></section>;
}
